"""The reader's routes are authorised as downloads are: another organisation gets a 404."""

import pytest

from foia_tracker.documents.services import document_delete
from foia_tracker.users.models import Role

from ..conftest import PASSWORD, csrf_token

ROUTES = ["/documents/{id}/pages/1", "/documents/{id}/pages/1/image?width=800",
          "/documents/{id}/pages/1/image?width=160", "/documents/{id}/pages?page=1",
          "/documents/{id}?q=page"]


@pytest.fixture
def document(pdf_document, records_request):
    return pdf_document(records_request, ["A page only our organisation may read."])


def client_of(app, user):
    """Return a new client logged in as the user through the login form."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302
    return client


def mark(client, document_id: int):
    return client.post(f"/documents/{document_id}/pages/1/evidence", data={
        "csrf_token": csrf_token(client, "/search"), "quotation": "A page"})


def test_another_organisation_gets_a_404_on_every_reader_route(app, make_user, document):
    stranger = client_of(app, make_user(Role.admin))  # an admin of another organisation
    for route in ROUTES:
        assert stranger.get(route.format(id=document.id)).status_code == 404, route
    assert mark(stranger, document.id).status_code == 404


def test_a_deleted_document_is_read_only_by_admins_as_its_download_is(
        app, make_user, editor, document):
    admin = make_user(Role.admin, organisation=editor.organisation)
    document_delete(document=document, actor=admin, reason="Wrong request")
    colleague = client_of(app, editor)
    for route in ROUTES + ["/documents/{id}/download"]:
        assert colleague.get(route.format(id=document.id)).status_code == 404, route
    assert mark(colleague, document.id).status_code == 404

    administrator = client_of(app, admin)
    page = administrator.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200 and "This document was deleted" in page.text
    assert 'id="mark-evidence"' not in page.text
    assert administrator.get(f"/documents/{document.id}/pages/1/image?width=160").status_code \
        == 200
    assert mark(administrator, document.id).status_code == 404  # no evidence on deleted ones


def test_a_viewer_reads_but_cannot_mark_evidence(app, make_user, editor, document):
    viewer = client_of(app, make_user(Role.viewer, organisation=editor.organisation))
    page = viewer.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200 and 'id="mark-evidence"' not in page.text
    assert mark(viewer, document.id).status_code == 403
