"""Sending, snoozing and dismissing a follow-up."""

from datetime import timedelta

import pytest

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind, Status
from foia_tracker.deadlines import business_calendar
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp, FollowUpStatus, LetterKind
from foia_tracker.followups.services import (
    FollowUpClosed, followup_dismiss, followup_draft_update, followup_mark_sent, followup_redraft,
    followup_snooze, followups_schedule, open_followups_for,
)

from .conftest import TODAY


def task_ids(user, **options) -> list[int]:
    return [task.id for task in open_followups_for(user, **options)]


def test_marking_sent_logs_the_letter_and_schedules_the_next_follow_up(app, make_user, scheduled_followup):
    user = make_user()
    followup = scheduled_followup(user)
    request = followup.request
    status_before = request.status

    following = followup_mark_sent(followup=followup, actor=user, subject="Our follow-up",
                                   body="Dear officer, ...", sent_on=TODAY)

    entry = db.session.get(Communication, followup.sent_communication_id)
    assert (entry.kind, entry.direction, entry.occurred_on) == (Kind.note, Direction.sent, TODAY)
    assert entry.summary == "Follow-up sent: Our follow-up" and entry.body == "Dear officer, ..."
    assert entry in request.communications and request.status is status_before
    assert followup.status is FollowUpStatus.sent and followup.subject == "Our follow-up"
    assert following.status is FollowUpStatus.open and following.kind is followup.kind
    assert (following.clock, following.deadline_on) == (followup.clock, followup.deadline_on)
    assert following.scheduled_on == business_calendar("OR").add_business_days(TODAY, 10)
    assert following.id not in task_ids(user, today=TODAY)
    assert following.id in task_ids(user, today=following.scheduled_on)
    assert followups_schedule(today=following.scheduled_on) == 0


def test_an_appeal_is_logged_as_an_appeal_and_not_repeated(app, make_user, scheduled_followup, log):
    user = make_user()
    followup = scheduled_followup(user, jurisdiction="IN", days_ago=40)
    # The first follow-up chased the response; after a denial the appeal window runs.
    log(followup.request, user, Kind.denial, TODAY - timedelta(days=5))
    followups_schedule(today=TODAY)
    appeal = db.session.scalars(db.select(FollowUp).where(FollowUp.kind == LetterKind.appeal)).one()

    assert followup_mark_sent(followup=appeal, actor=user, subject=appeal.subject, body=appeal.body,
                              sent_on=TODAY) is None
    assert appeal.request.status is Status.appealed
    assert db.session.get(Communication, appeal.sent_communication_id).kind is Kind.appeal_filed


def test_snoozing_hides_the_follow_up_until_the_date(app, make_user, scheduled_followup):
    user = make_user()
    followup = scheduled_followup(user)
    assert task_ids(user, today=TODAY) == [followup.id]
    until = TODAY + timedelta(days=7)
    followup_snooze(followup=followup, until=until)
    assert task_ids(user, today=TODAY) == []
    assert task_ids(user, today=until - timedelta(days=1)) == []
    assert task_ids(user, today=until) == [followup.id]
    assert followups_schedule(today=TODAY) == 0


def test_a_follow_up_about_an_answered_deadline_is_no_longer_a_task(app, make_user, scheduled_followup, log):
    user = make_user()
    followup = scheduled_followup(user)
    log(followup.request, user, Kind.final_release, TODAY)
    assert task_ids(user, today=TODAY) == []


def test_the_draft_can_be_edited_and_filled_in_again(app, make_user, scheduled_followup):
    followup = scheduled_followup(make_user())
    original = followup.body
    followup_draft_update(followup=followup, subject="Edited", body="Edited body")
    assert (followup.subject, followup.body) == ("Edited", "Edited body")
    followup_redraft(followup=followup, today=TODAY)
    assert followup.body == original


@pytest.mark.parametrize("close", ["send", "dismiss"])
def test_a_sent_or_dismissed_follow_up_is_closed(app, make_user, scheduled_followup, close):
    user = make_user()
    followup = scheduled_followup(user)
    if close == "send":
        followup_mark_sent(followup=followup, actor=user, subject="s", body="b", sent_on=TODAY)
    else:
        followup_dismiss(followup=followup)
    with pytest.raises(FollowUpClosed):
        followup_snooze(followup=followup, until=TODAY + timedelta(days=3))
    with pytest.raises(FollowUpClosed):
        followup_mark_sent(followup=followup, actor=user, subject="s", body="b", sent_on=TODAY)


def test_the_dashboard_finds_current_follow_ups_behind_many_moot_ones(app, make_user, scheduled_followup):
    user = make_user()
    current = scheduled_followup(user)
    # Tasks about deadlines the request no longer has (moved since), due earlier than the
    # current one: more than one batch of candidates must be read past to find it.
    db.session.add_all(FollowUp(
        organisation_id=current.organisation_id, request_id=current.request_id, clock=current.clock,
        deadline_on=current.deadline_on - timedelta(days=n), scheduled_on=current.scheduled_on,
        kind=current.kind, subject="Moot", body="") for n in range(1, 131))
    db.session.commit()

    assert task_ids(user, today=TODAY) == [current.id]
    assert task_ids(user, today=TODAY, limit=1) == [current.id]
