"""Follow-up fixtures: an overdue request and its scheduled follow-up."""

from datetime import date, timedelta

import pytest

from foia_tracker.communications.services import communication_log
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp
from foia_tracker.followups.services import followups_schedule

from ..conftest import AGENCY_TODAY as TODAY



@pytest.fixture
def overdue_request(make_request, make_agency):
    """Return a factory of requests sent long enough ago that their next deadline has passed."""

    def make(user, *, jurisdiction="OR", days_ago=60, **values):
        agency = make_agency(jurisdiction=jurisdiction, records_officer="Jane Roe, Records Officer")
        values.setdefault("tracking_numbers", ["PRR-118", "W-7"])
        return make_request(user, agency=agency, sent_on=TODAY - timedelta(days=days_ago), **values)

    return make


@pytest.fixture
def log(app):
    """Return a function that logs a communication on a request's timeline."""

    def do(request, user, kind: Kind, occurred_on: date, **values):
        direction = Direction.received if kind not in (Kind.appeal_filed, Kind.note) else Direction.sent
        return communication_log(request=request, actor=user, values={
            "kind": kind, "direction": direction, "occurred_on": occurred_on,
            "summary": values.pop("summary", kind.value), "body": "", "extension_days": None, **values})

    return do


@pytest.fixture
def scheduled_followup(overdue_request):
    """Return a factory: an overdue request's follow-up, created by the daily schedule."""

    def make(user, **values):
        request = overdue_request(user, **values)
        followups_schedule(today=TODAY)
        return db.session.scalars(db.select(FollowUp).where(FollowUp.request_id == request.id)).one()

    return make
