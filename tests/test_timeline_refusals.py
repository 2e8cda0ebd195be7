"""A refused timeline change leaves the request, and the caller's session, exactly as they were."""

from datetime import timedelta

import pytest
from sqlalchemy import inspect

from foia_tracker.communications.services import (
    communication_delete, communication_log, communication_update,
)
from foia_tracker.communications.status import Direction, Kind, Status, TransitionRefused
from foia_tracker.extensions import db
from foia_tracker.records.services import request_update
from foia_tracker.users.models import User

from .conftest import AGENCY_TODAY as TODAY

SENT_ON = TODAY - timedelta(days=30)
ACKNOWLEDGED_ON = SENT_ON + timedelta(days=5)


def entry(kind: Kind, occurred_on, direction=Direction.received) -> dict:
    return {"kind": kind, "direction": direction, "occurred_on": occurred_on,
            "summary": kind.value, "body": "", "extension_days": None}


@pytest.fixture
def acknowledged(app, make_user, make_request):
    """Return an editor and their request, sent and then acknowledged."""
    user = make_user()
    request = make_request(user, sent_on=SENT_ON, tracking_numbers=["PRR-1"])
    communication_log(request=request, actor=user, values=entry(Kind.acknowledgment, ACKNOWLEDGED_ON))
    return user, request


@pytest.fixture
def refused(count_queries):
    """Run a change the timeline refuses; check it wrote nothing and left the session alone."""

    def run(change, *held):
        for instance in held:
            db.session.refresh(instance)
        with count_queries() as statements, pytest.raises(TransitionRefused) as refusal:
            change()
        assert [s for s in statements if s.lstrip().split()[0].upper() != "SELECT"] == []
        assert not (db.session.new or db.session.dirty or db.session.deleted)
        # A rollback behind the caller's back would have expired everything the caller holds.
        for instance in held:
            state = inspect(instance)
            assert not state.expired_attributes & set(state.mapper.column_attrs.keys())
        return str(refusal.value)

    return run


def timeline(request) -> list:
    return [(c.kind, c.occurred_on) for c in request.communications]


def test_a_refused_entry_is_not_added(acknowledged, refused):
    user, request = acknowledged
    before = timeline(request)
    message = refused(lambda: communication_log(
        request=request, actor=user, values=entry(Kind.acknowledgment, TODAY)), request)
    assert "“Acknowledgment” cannot be logged while the request is “Acknowledged”" in message
    assert timeline(request) == before and request.status is Status.acknowledged


def test_a_second_request_sent_entry_is_refused(acknowledged, refused):
    user, request = acknowledged
    before = timeline(request)
    message = refused(lambda: communication_log(
        request=request, actor=user, values=entry(Kind.request_sent, TODAY, Direction.sent)), request)
    assert "already has a “Request sent” entry" in message
    assert timeline(request) == before and request.sent_on == SENT_ON


def test_a_refused_correction_leaves_the_entry_as_it_was(acknowledged, refused):
    _, request = acknowledged
    acknowledgment = request.communications[-1]
    refused(lambda: communication_update(communication=acknowledgment, values=entry(
        Kind.acknowledgment, SENT_ON - timedelta(days=1))), request, acknowledgment)
    assert acknowledgment.occurred_on == ACKNOWLEDGED_ON and request.status is Status.acknowledged


def test_a_refused_removal_leaves_the_entry_on_the_timeline(acknowledged, refused):
    _, request = acknowledged
    sent = request.communications[0]
    before = timeline(request)
    refused(lambda: communication_delete(communication=sent), request, sent)
    assert timeline(request) == before and request.sent_on == SENT_ON


def test_a_refused_edit_of_a_request_leaves_it_as_it_was(acknowledged, refused, make_agency):
    user, request = acknowledged
    before = (request.title, request.agency_id, [t.name for t in request.tags],
              [t.value for t in request.tracking_numbers], timeline(request))
    # Unsending a request its agency has acknowledged makes the timeline impossible.
    values = {"agency_id": make_agency().id, "title": "Another title", "body": "Another body",
              "tags": ["Drones"], "sent_on": None, "channel": None, "received_on": None,
              "tracking_numbers": ["OTHER-9"], "assignee_id": user.id}
    refused(lambda: request_update(request=request, actor=user, values=values), request)
    assert (request.title, request.agency_id, [t.name for t in request.tags],
            [t.value for t in request.tracking_numbers], timeline(request)) == before
    assert request.sent_on == SENT_ON and request.status is Status.acknowledged


def test_a_refusal_keeps_the_callers_unsaved_change(acknowledged):
    user, request = acknowledged
    user.name = "Renamed, not saved yet"
    with pytest.raises(TransitionRefused):
        communication_log(request=request, actor=user, values=entry(Kind.acknowledgment, TODAY))
    assert user.name == "Renamed, not saved yet" and user in db.session.dirty
    with db.session.no_autoflush:
        assert db.session.scalar(db.select(User.name).where(User.id == user.id)) != user.name
