"""A follow-up whose letter the timeline refuses stays open, with its draft, in the caller's session."""

from datetime import timedelta

import pytest
from sqlalchemy import inspect

from foia_tracker.communications.status import Kind, TransitionRefused
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp, FollowUpStatus, LetterKind
from foia_tracker.followups.services import followup_mark_sent, followups_schedule

from .conftest import TODAY


def test_a_refused_appeal_leaves_the_follow_up_open_with_its_draft(app, make_user, scheduled_followup,
                                                                   log):
    user = make_user()
    followup = scheduled_followup(user, jurisdiction="IN", days_ago=40)
    log(followup.request, user, Kind.denial, TODAY - timedelta(days=5))
    followups_schedule(today=TODAY)
    appeal = db.session.scalars(db.select(FollowUp).where(FollowUp.kind == LetterKind.appeal)).one()
    draft = (appeal.subject, appeal.body)
    entries = len(appeal.request.communications)

    # An appeal dated before the request went out cannot be on the timeline.
    with pytest.raises(TransitionRefused):
        followup_mark_sent(followup=appeal, actor=user, subject="Changed", body="Changed",
                           sent_on=appeal.request.sent_on - timedelta(days=1))

    # Checked first: reading an attribute reloads what a rollback expired.
    state = inspect(appeal)
    assert not db.session.dirty and not state.expired_attributes & set(state.mapper.column_attrs.keys())
    assert appeal.status is FollowUpStatus.open and (appeal.subject, appeal.body) == draft
    assert len(appeal.request.communications) == entries
