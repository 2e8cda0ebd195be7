"""A user of one organisation never sees or changes another's requests or users."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foia_tracker.communications.models import Communication
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from .conftest import AGENCY_TODAY as TODAY
from .conftest import csrf_token



@pytest.fixture
def foreign(make_user, make_request):
    """Return another organisation's admin and request, with one communication."""
    owner = make_user(Role.admin)
    request = make_request(owner, title="Their secret request", sent_on=TODAY - timedelta(days=3))
    return owner, request


@pytest.mark.parametrize("path", [
    "/requests/{r}", "/requests/{r}/edit", "/requests/{r}/communications/{c}/edit",
    "/admin/users/{u}", "/admin/users/{u}/invitation",
])
def test_another_organisations_pages_are_not_found(client, make_user, login, foreign, path):
    owner, request = foreign
    login(make_user(Role.admin))
    url = path.format(r=request.id, c=request.communications[0].id, u=owner.id)
    response = client.get(url)
    assert response.status_code == 404
    assert "Their secret request" not in response.text


@pytest.mark.parametrize("path, data", [
    ("/requests/{r}/communications/", {"kind": "note", "direction": "received", "summary": "x"}),
    ("/requests/{r}/communications/{c}/delete", {}),
    ("/requests/{r}/edit", {"title": "hijacked"}),
    ("/admin/users/{u}", {"name": "hijacked", "role": "viewer"}),
])
def test_another_organisations_objects_cannot_be_changed(client, make_user, login, foreign, path, data):
    owner, request = foreign
    login(make_user(Role.admin))
    url = path.format(r=request.id, c=request.communications[0].id, u=owner.id)
    token = csrf_token(client, "/dashboard")
    assert client.post(url, data=data | {"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert request.title == "Their secret request" and owner.name != "hijacked"
    assert db.session.scalar(select(func.count()).select_from(Communication)) == 1


def test_lists_search_and_dashboard_show_only_my_organisation(client, make_user, login, foreign):
    _, request = foreign
    login(make_user(Role.admin))
    for path in ("/requests/", "/requests/?q=secret", "/dashboard", "/admin/users", "/admin/audit",
                 f"/agencies/{request.agency_id}"):
        assert "Their secret request" not in client.get(path).text, path


def test_an_assignee_from_another_organisation_is_refused(client, make_user, make_agency, login, foreign):
    owner, _ = foreign
    login(make_user())
    response = client.post("/requests/new", data={
        "agency_id": make_agency().id, "title": "T", "body": "B", "assignee_id": owner.id,
        "csrf_token": csrf_token(client, "/requests/new")})
    assert response.status_code == 400 and "Not a valid choice" in response.text
