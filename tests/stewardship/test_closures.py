"""Closure days are shared facts: admins suggest them, operators record and accept them."""

from datetime import date

import pytest
from sqlalchemy import func, select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.closures.models import Closure
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from foia_tracker.stewardship.models import ClosureSuggestion, SuggestionStatus

from ..conftest import PASSWORD, csrf_token
from .conftest import CLOSED_ON, ROLES, SENT_ON

CLOSURES = "/admin/closures/"
REVIEW = "/agencies/suggestions/"


@pytest.fixture
def requests(coalition, make_agency, make_request):
    """Return an Oregon request of each organisation, received on a Monday, and their due dates."""
    own = make_request(coalition.user("editor"), make_agency(jurisdiction="OR"), sent_on=SENT_ON)
    other = make_request(coalition.other_editor, make_agency(jurisdiction="OR"), sent_on=SENT_ON)
    return own, other, (own.next_due_on, other.next_due_on)


def _due_dates(own, other):
    db.session.expire_all()
    return own.next_due_on, other.next_due_on


def _suggestion(coalition, organisation: str, **scope) -> ClosureSuggestion:
    suggestion = ClosureSuggestion(
        closed_on=date.fromisoformat(CLOSED_ON), name="Snow day", organisation_id=getattr(
            coalition, organisation).id, suggested_by_id=coalition.user("admin", organisation).id,
        **(scope or {"jurisdiction": "OR"}))
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _login(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302


@pytest.mark.parametrize("role, expected", [("viewer", 403), ("editor", 403),
                                            ("admin", "suggested"), ("operator", "recorded")])
def test_who_records_a_jurisdiction_closure(client, coalition, requests, role, expected):
    own, other, before = requests
    _login(client, coalition.user(role))
    token = csrf_token(client, "/agencies/")
    response = client.post(CLOSURES, data={"jurisdiction": "OR", "closed_on": CLOSED_ON,
                                           "name": "Snow day", "csrf_token": token})
    moved = _due_dates(own, other)
    if expected == 403:
        assert response.status_code == 403
        assert (_count(Closure), _count(ClosureSuggestion), moved) == (0, 0, before)
    elif expected == "suggested":
        assert "sent to the installation" in client.get(response.location).text
        assert (_count(Closure), moved) == (0, before)
        suggestion = db.session.scalar(select(ClosureSuggestion))
        assert suggestion.status is SuggestionStatus.pending
        assert suggestion.organisation_id == coalition.own.id
    else:
        assert (_count(Closure), _count(ClosureSuggestion)) == (1, 0)
        assert moved[0] > before[0] and moved[1] > before[1]


def test_an_admins_jurisdiction_closure_moves_no_other_deadline_until_an_operator_accepts(
        app, client, coalition, requests):
    own, other, before = requests
    _login(client, coalition.user("admin"))
    client.post(CLOSURES, data={"jurisdiction": "OR", "closed_on": CLOSED_ON, "name": "Snow day",
                                "csrf_token": csrf_token(client, CLOSURES)})
    assert _due_dates(own, other) == before
    other_staff = app.test_client()
    _login(other_staff, coalition.other_editor)
    assert "Snow day" not in other_staff.get(f"/requests/{other.id}").text

    operator = app.test_client()
    _login(operator, coalition.user("operator"))
    assert "Snow day" in operator.get(REVIEW).text
    suggestion = db.session.scalar(select(ClosureSuggestion))
    response = operator.post(f"{REVIEW}closure/{suggestion.id}/accept",
                             data={"csrf_token": csrf_token(operator, REVIEW)})
    assert response.status_code == 302
    moved = _due_dates(own, other)
    assert moved[0] > before[0] and moved[1] > before[1]
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "RecordsRequest", AuditEvent.object_id == other.id,
        AuditEvent.reason.like("closure added%")))
    assert "Snow day" in event.reason and "accepted by an operator" in event.reason
    assert event.organisation_id == coalition.other.id
    page = other_staff.get(f"/requests/{other.id}").text
    assert f"Skipped {CLOSED_ON}: Snow day" in page
    moved_note = page.split("Moved by closure days")[1]
    assert f"OR closed {CLOSED_ON}: Snow day; next due date {before[1]} → {moved[1]}" in moved_note


def test_an_agency_closure_is_suggested_even_for_an_agency_only_the_admins_organisation_uses(
        client, coalition, requests):
    own, other, before = requests
    _login(client, coalition.user("admin"))
    client.post(CLOSURES, data={"agency_id": own.agency_id, "closed_on": CLOSED_ON,
                                "name": "Flood", "csrf_token": csrf_token(client, CLOSURES)})
    assert (_count(Closure), _count(ClosureSuggestion), _due_dates(own, other)) == (0, 1, before)


CASES = [pytest.param(role, organisation, action, id=f"{role}-{action}-{organisation}s-suggestion")
         for role in ROLES for organisation in ("own", "other") for action in ("accept", "reject")]


@pytest.mark.parametrize("role, organisation, action", CASES)
def test_only_operators_decide_closure_suggestions(client, coalition, requests, role, organisation,
                                                   action):
    own, other, before = requests
    suggestion = _suggestion(coalition, organisation)
    _login(client, coalition.user(role))
    response = client.post(f"{REVIEW}closure/{suggestion.id}/{action}", data={
        "csrf_token": csrf_token(client, "/agencies/"), "reason": "Offices were open"})
    db.session.expire_all()
    if role != "operator":
        assert response.status_code == 404
        assert (suggestion.status, _count(Closure), _due_dates(own, other)) == \
            (SuggestionStatus.pending, 0, before)
    elif action == "accept":
        assert (suggestion.status, _count(Closure)) == (SuggestionStatus.accepted, 1)
        moved = _due_dates(own, other)
        assert moved[0] > before[0] and moved[1] > before[1]
    else:
        assert suggestion.status is SuggestionStatus.rejected
        assert suggestion.reason == "Offices were open"
        assert (_count(Closure), _due_dates(own, other)) == (0, before)


@pytest.mark.parametrize("role, organisation", [(role, organisation) for role in ROLES
                                                for organisation in ("own", "other")])
def test_only_operators_remove_a_closure_day(client, coalition, requests, role, organisation):
    own, other, before = requests
    closure = Closure(jurisdiction="OR", closed_on=date.fromisoformat(CLOSED_ON), name="Snow day",
                      created_by_id=coalition.user("operator").id)
    db.session.add(closure)
    db.session.commit()
    _login(client, coalition.user(role, organisation))
    response = client.post(f"{CLOSURES}{closure.id}/delete",
                           data={"csrf_token": csrf_token(client, "/agencies/")})
    if role == "operator":
        assert response.status_code == 302 and _count(Closure) == 0
    else:
        assert response.status_code == 403 and _count(Closure) == 1


def test_a_day_already_recorded_or_waiting_is_not_suggested_twice(client, coalition):
    _suggestion(coalition, "other")
    _login(client, coalition.user("admin"))
    response = client.post(CLOSURES, data={
        "jurisdiction": "OR", "closed_on": CLOSED_ON, "name": "Snow",
        "csrf_token": csrf_token(client, CLOSURES)})
    assert response.status_code == 400 and "already waiting for the operators" in response.text
    assert _count(ClosureSuggestion) == 1


def test_accepting_a_day_recorded_since_says_so_and_writes_nothing(client, coalition):
    suggestion = _suggestion(coalition, "own")
    db.session.add(Closure(jurisdiction="OR", closed_on=suggestion.closed_on, name="Snow"))
    db.session.commit()
    _login(client, coalition.user("operator"))
    response = client.post(f"{REVIEW}closure/{suggestion.id}/accept",
                           data={"csrf_token": csrf_token(client, REVIEW)})
    assert response.status_code == 409 and "already recorded as closed there" in response.text
    db.session.expire_all()
    assert (suggestion.status, _count(Closure)) == (SuggestionStatus.pending, 1)


def test_the_suggesting_admins_see_the_decision(client, coalition):
    suggestion = _suggestion(coalition, "own")
    suggestion.status, suggestion.reason = SuggestionStatus.rejected, "Offices were open that day"
    db.session.commit()
    _login(client, coalition.user("admin"))
    page = client.get(CLOSURES).text
    assert "Rejected: Offices were open that day" in page and "Remove</button>" not in page
