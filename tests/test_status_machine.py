"""The status state machine, pure: no app, no database."""

import pytest

from foia_tracker.communications.status import Kind, Status, TransitionRefused, next_status, replay

K = Kind


@pytest.mark.parametrize("kinds, expected", [
    ([], Status.draft),
    ([K.request_sent], Status.sent),
    ([K.request_sent, K.acknowledgment], Status.acknowledged),
    ([K.request_sent, K.acknowledgment, K.extension_notice], Status.extended),
    ([K.request_sent, K.fee_estimate], Status.awaiting_fee),
    ([K.request_sent, K.clarification_request, K.our_clarification], Status.acknowledged),
    ([K.request_sent, K.acknowledgment, K.partial_release, K.final_release], Status.completed),
    ([K.request_sent, K.no_records], Status.no_records),
    ([K.request_sent, K.denial, K.appeal_filed], Status.appealed),
    ([K.request_sent, K.denial, K.appeal_filed, K.appeal_decision], Status.closed),
    ([K.request_sent, K.appeal_filed], Status.appealed),  # constructive denial after silence
    ([K.request_sent, K.denial, K.lawsuit_filed], Status.in_litigation),
    ([K.request_sent, K.acknowledgment, K.withdrawal], Status.withdrawn),
    ([K.request_sent, K.final_release, K.closure], Status.closed),
    ([K.request_sent, K.note, K.acknowledgment, K.note], Status.acknowledged),
    ([K.request_sent, K.denial, K.appeal_filed, K.appeal_decision, K.final_release], Status.completed),
])
def test_replaying_a_timeline_gives_its_status(kinds, expected):
    assert replay(kinds) is expected


@pytest.mark.parametrize("current, kind", [
    (Status.draft, K.acknowledgment),
    (Status.draft, K.final_release),
    (Status.sent, K.request_sent),
    (Status.acknowledged, K.appeal_decision),
    (Status.acknowledged, K.acknowledgment),
    (Status.withdrawn, K.partial_release),
    (Status.closed, K.closure),
    (Status.sent, K.our_clarification),
])
def test_a_transition_that_makes_no_sense_is_refused_with_the_allowed_statuses(current, kind):
    with pytest.raises(TransitionRefused) as refused:
        next_status(current, kind)
    message = str(refused.value)
    assert kind.value in message and current.value in message
    assert "possible when the request is" in message
