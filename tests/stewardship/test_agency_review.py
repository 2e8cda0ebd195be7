"""Operators accept or reject suggested agency changes; the agency's users see its history."""

import pytest
from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.extensions import db
from foia_tracker.stewardship.models import AgencyChangeSuggestion, SuggestionStatus
from foia_tracker.users.models import Role

from ..conftest import csrf_token
from .conftest import SENT_ON

OLD, NEW = "records@county.example", "public.records@county.example"
REVIEW = "/agencies/suggestions/"


@pytest.fixture
def suggestion(coalition, make_agency, make_request):
    """Return a pending change of an agency both organisations use, from the own organisation."""
    agency = make_agency(email=OLD)
    make_request(coalition.user("editor"), agency, sent_on=SENT_ON)
    make_request(coalition.other_editor, agency, sent_on=SENT_ON)
    suggestion = AgencyChangeSuggestion(
        agency=agency, organisation_id=coalition.own.id,
        suggested_by_id=coalition.user("editor").id, old_values={"email": OLD},
        new_values={"email": NEW})
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def _decide(client, suggestion, action, **data):
    return client.post(f"{REVIEW}agency/{suggestion.id}/{action}",
                       data={"csrf_token": csrf_token(client, REVIEW), **data})


def _state(suggestion):
    db.session.expire_all()
    return suggestion.status, suggestion.agency.email


def test_an_operator_accepts_a_change_and_every_user_of_the_agency_sees_it(
        app, client, login, coalition, suggestion, make_organisation, make_user):
    login(coalition.user("operator"))
    page = client.get(REVIEW).text
    assert OLD in page and NEW in page and "Own Affiliate" in page
    response = _decide(client, suggestion, "accept")
    assert response.status_code == 302
    assert _state(suggestion) == (SuggestionStatus.accepted, NEW)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "Agency",
                                                    AuditEvent.action == "changed"))
    assert event.changes == {"email": [OLD, NEW]} and "accepted by an operator" in event.reason

    other = app.test_client()
    _login(other, coalition.other_editor)
    history = other.get(f"/agencies/{suggestion.agency_id}").text.split('id="history"')[1]
    assert f"{OLD} → {NEW}" in history and "an operator" in history
    outsider = app.test_client()
    _login(outsider, make_user(Role.admin, organisation=make_organisation()))
    assert 'id="history"' not in outsider.get(f"/agencies/{suggestion.agency_id}").text


def test_a_change_to_an_agency_changed_since_is_not_applied(client, login, coalition, suggestion):
    suggestion.agency.email = "changed@county.example"
    db.session.commit()
    login(coalition.user("operator"))
    response = _decide(client, suggestion, "accept")
    assert response.status_code == 409 and "has changed since this was suggested" in response.text
    assert _state(suggestion) == (SuggestionStatus.pending, "changed@county.example")


def test_a_suggestion_is_decided_once_and_its_organisation_reads_why(app, client, login, coalition,
                                                                    suggestion):
    login(coalition.user("operator"))
    assert _decide(client, suggestion, "reject", reason="Not their address").status_code == 302
    response = _decide(client, suggestion, "accept")
    assert response.status_code == 409 and "already rejected" in response.text
    assert _state(suggestion) == (SuggestionStatus.rejected, OLD)
    assert suggestion.reason == "Not their address"
    assert suggestion.decided_by_id == coalition.user("operator").id
    suggesting = app.test_client()
    _login(suggesting, coalition.user("editor"))
    page = suggesting.get(f"/agencies/{suggestion.agency_id}").text
    assert "(email): Rejected: Not their address." in page
    decision = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "AgencyChangeSuggestion", AuditEvent.action == "changed"))
    assert decision.organisation_id == coalition.own.id
    assert decision.changes == {"status": ["pending", "rejected"], "reason": ["", "Not their address"]}


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
@pytest.mark.parametrize("organisation", ["own", "other"])
@pytest.mark.parametrize("action", ["accept", "reject"])
def test_only_operators_find_the_review_pages(client, login, coalition, suggestion, role,
                                              organisation, action):
    login(coalition.user(role, organisation))
    assert client.get(REVIEW).status_code == 404
    token = csrf_token(client, "/agencies/")
    response = client.post(f"{REVIEW}agency/{suggestion.id}/{action}", data={"csrf_token": token})
    assert response.status_code == 404
    assert _state(suggestion) == (SuggestionStatus.pending, OLD)
    assert ">Review<" not in client.get("/agencies/").text


@pytest.mark.parametrize("data, message", [
    ({"reason": "x" * 1_000_000}, "Field cannot be longer than 500 characters."),
    ({"reason": "spam\x00"}, "Remove the control characters"),
])
def test_hostile_input_on_the_review_page_writes_nothing(client, login, coalition, suggestion,
                                                         data, message):
    login(coalition.user("operator"))
    assert ">Review<" in client.get("/agencies/").text
    response = _decide(client, suggestion, "reject", **data)
    assert response.status_code == 400 and message in response.text
    assert _state(suggestion) == (SuggestionStatus.pending, OLD) and suggestion.reason == ""


def test_a_decision_without_its_form_token_is_refused(client, login, coalition, suggestion):
    login(coalition.user("operator"))
    response = client.post(f"{REVIEW}agency/{suggestion.id}/accept")
    assert response.status_code == 400 and "security token" in response.text
    assert _state(suggestion) == (SuggestionStatus.pending, OLD)


def test_an_unknown_suggestion_is_not_found(client, login, coalition):
    login(coalition.user("operator"))
    token = csrf_token(client, REVIEW)
    for path in ("agency/999999/accept", "closure/999999/reject", "agency/1/delete",
                 "other/1/accept"):
        assert client.post(REVIEW + path, data={"csrf_token": token}).status_code == 404


def _login(client, user):
    from ..conftest import PASSWORD

    client.post("/login", data={"email": user.email, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
