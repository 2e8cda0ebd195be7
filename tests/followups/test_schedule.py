"""The daily schedule: one follow-up per passed deadline, repeats while overdue, in bulk."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from foia_tracker.communications.status import Kind
from foia_tracker.deadlines import business_calendar
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp, FollowUpStatus, LetterKind
from foia_tracker.followups.schedule import kind_for
from foia_tracker.followups.services import followup_dismiss, followup_mark_sent, followups_schedule
from foia_tracker.web.dates import local_today

from .conftest import TODAY


def _followups(request=None) -> list[FollowUp]:
    query = select(FollowUp).order_by(FollowUp.scheduled_on)
    if request is not None:
        query = query.where(FollowUp.request_id == request.id)
    return list(db.session.scalars(query))


def _current_followups(request) -> list[FollowUp]:
    """Return the follow-ups about the request's current deadline (older ones are moot)."""
    return [f for f in _followups(request) if (f.clock, f.deadline_on) == (
        request.next_clock, request.next_due_on)]


@pytest.mark.parametrize("clock, kind", [
    ("acknowledgment", LetterKind.no_response), ("response", LetterKind.no_response),
    ("followup", LetterKind.no_response), ("appeal_decision", LetterKind.no_response),
    ("extended_response", LetterKind.overdue_after_extension), ("appeal_filing", LetterKind.appeal),
])
def test_the_letter_kind_follows_the_clock_that_passed(clock, kind):
    assert kind_for(clock) is kind


def test_an_overdue_request_gets_its_follow_up_as_it_is_logged_and_the_sweep_adds_none(
        app, make_user, overdue_request):
    user = make_user()
    request = overdue_request(user)
    assert request.next_due_on < TODAY

    assert len(_followups(request)) == 1  # drafted with the request, not at the next sweep
    assert followups_schedule(today=TODAY) == 0
    assert followups_schedule(today=TODAY + timedelta(days=1)) == 0
    [followup] = _followups(request)
    assert (followup.clock, followup.deadline_on) == (request.next_clock, request.next_due_on)
    assert followup.scheduled_on == request.next_due_on + timedelta(days=1)
    assert followup.kind is LetterKind.no_response and followup.status is FollowUpStatus.open
    assert request.reference in followup.subject and "ORS 192" in followup.body
    assert followup.organisation_id == user.organisation_id


def test_requests_not_yet_due_answered_or_drafts_get_none(app, make_user, make_request,
                                                          overdue_request, log):
    user = make_user()
    make_request(user)  # a draft
    overdue_request(user, days_ago=1)  # not due yet
    answered = overdue_request(user)
    log(answered, user, Kind.final_release, TODAY)
    assert followups_schedule(today=TODAY) == 0


def test_an_extended_deadline_that_passed_gets_the_extension_letter(app, make_user, overdue_request, log):
    user = make_user()
    request = overdue_request(user, jurisdiction="CA", days_ago=90)
    log(request, user, Kind.extension_notice, request.sent_on + timedelta(days=5), extension_days=14)
    assert request.next_clock == "extended_response" and request.next_due_on < TODAY
    assert followups_schedule(today=TODAY) == 0  # drafted as the extension was logged
    [followup] = _current_followups(request)
    assert followup.kind is LetterKind.overdue_after_extension
    assert "Cal. Gov. Code § 7922.535(b)" in followup.body


def test_an_open_appeal_window_gets_an_appeal_letter_at_once(
        app, client, make_user, overdue_request, log, login):
    user = make_user()
    request = overdue_request(user, jurisdiction="IN", days_ago=40)
    log(request, user, Kind.denial, TODAY - timedelta(days=5))   # Indiana: 30 days to appeal
    assert request.next_clock == "appeal_filing" and request.next_due_on > TODAY
    assert followups_schedule(today=TODAY) == 0  # drafted as the denial was logged
    [followup] = _current_followups(request)
    assert followup.kind is LetterKind.appeal and followup.subject.startswith("Appeal")
    # Drafted for today in Indiana, which for three hours each night (UTC) is a day past Oregon's.
    assert followup.scheduled_on == local_today("IN")
    login(user)
    task = client.get("/followups").text
    assert f'id="followup-{followup.id}"' in task and "window open for" in task


def test_a_closed_appeal_window_gets_no_appeal_letter(app, make_user, overdue_request, log):
    user = make_user()
    request = overdue_request(user, jurisdiction="IN", days_ago=120)
    log(request, user, Kind.denial, request.sent_on + timedelta(days=10))
    assert request.next_due_on < TODAY
    assert followups_schedule(today=TODAY) == 0


def test_a_dismissed_follow_up_is_not_created_again(app, make_user, scheduled_followup):
    followup = scheduled_followup(make_user())
    followup_dismiss(followup=followup)
    assert followups_schedule(today=TODAY + timedelta(days=60)) == 0


def test_the_schedule_repeats_after_the_interval_since_the_last_sent_follow_up(
        app, make_user, scheduled_followup):
    user = make_user()
    followup = scheduled_followup(user)
    sent_on = TODAY - timedelta(days=30)
    following = followup_mark_sent(followup=followup, actor=user, subject=followup.subject,
                                   body=followup.body, sent_on=sent_on)
    # Losing the follow-up that sending scheduled (e.g. deleted) is repaired by the sweep.
    db.session.delete(following)
    db.session.commit()
    expected = business_calendar("OR").add_business_days(sent_on, 10)
    assert followups_schedule(today=expected - timedelta(days=1)) == 0
    assert followups_schedule(today=TODAY) == 1
    assert followups_schedule(today=TODAY) == 0
    assert [f.scheduled_on for f in _followups(followup.request)][-1] == expected


def test_the_organisation_interval_is_used(app, make_user, scheduled_followup):
    user = make_user()
    user.organisation.followup_repeat_business_days = 3
    db.session.commit()
    followup = scheduled_followup(user)
    following = followup_mark_sent(followup=followup, actor=user, subject="s", body="b",
                                   sent_on=TODAY - timedelta(days=1))
    assert following.scheduled_on == business_calendar("OR").add_business_days(
        TODAY - timedelta(days=1), 3)


def test_the_sweep_does_not_query_per_request(app, make_user, overdue_request, count_queries):
    user = make_user()
    for _ in range(25):
        overdue_request(user)
    # Requests logged before follow-ups were drafted at once (or whose drafts were lost).
    db.session.execute(delete(FollowUp))
    db.session.commit()
    with count_queries() as statements:
        assert followups_schedule(today=TODAY) == 25
    # Candidates, sent dates, tracking numbers, templates, the insert and its audit, and the
    # empty last batch: a fixed number, whatever the number of requests.
    assert len(statements) <= 10, "\n".join(s[:90] for s in statements)
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 25


def test_a_passed_agency_estimate_gets_one_past_estimate_letter(
        app, client, make_user, make_request, make_agency, log, login):
    user = make_user()
    # Acknowledged in time, with the agency's own estimate that has since passed.
    request = make_request(user, make_agency(jurisdiction="CA"), sent_on=TODAY - timedelta(days=8))
    log(request, user, Kind.acknowledgment, TODAY - timedelta(days=6),
        estimated_on=TODAY - timedelta(days=2))
    assert request.estimated_on == TODAY - timedelta(days=2)
    followups_schedule(today=TODAY)
    followups_schedule(today=TODAY)
    [followup] = [f for f in _followups(request) if f.kind is LetterKind.past_estimate]
    assert followup.deadline_on == TODAY - timedelta(days=2)
    assert "past your estimated date" in followup.subject
    login(user)
    assert f'id="followup-{followup.id}"' in client.get("/followups").text
