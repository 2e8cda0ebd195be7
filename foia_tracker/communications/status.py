"""The request status state machine: each communication kind moves a request between statuses.

Pure Python: the status of a request is what replaying its communications in date order gives.
"""

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple


class Status(enum.Enum):
    draft = "Draft"
    sent = "Sent"
    acknowledged = "Acknowledged"
    extended = "Extended"
    awaiting_fee = "Awaiting fee"
    awaiting_clarification = "Awaiting clarification"
    partially_released = "Partially released"
    completed = "Completed"
    no_records = "No records"
    denied = "Denied"
    appealed = "Appealed"
    in_litigation = "In litigation"
    withdrawn = "Withdrawn"
    closed = "Closed"

    @property
    def is_open(self) -> bool:
        """Return whether the agency still owes an answer."""
        return self in OPEN_STATUSES


class Direction(enum.Enum):
    sent = "Sent"
    received = "Received"


class Kind(enum.Enum):
    request_sent = "Request sent"
    acknowledgment = "Acknowledgment"
    extension_notice = "Extension notice"
    fee_estimate = "Fee estimate"
    clarification_request = "Clarification request"
    our_clarification = "Our clarification"
    partial_release = "Partial release"
    final_release = "Final release"
    no_records = "No records"
    denial = "Denial"
    appeal_filed = "Appeal filed"
    appeal_decision = "Appeal decision"
    lawsuit_filed = "Lawsuit filed"
    withdrawal = "Withdrawal"
    closure = "Closure"
    note = "Note"


S = Status
OPEN_STATUSES = frozenset(
    {S.sent, S.acknowledged, S.extended, S.awaiting_fee, S.awaiting_clarification,
     S.partially_released, S.appealed, S.in_litigation}
)
_PROCESSING = frozenset({S.sent, S.acknowledged, S.extended, S.awaiting_fee,
                         S.awaiting_clarification, S.partially_released})
_ANSWERED = frozenset({S.completed, S.no_records, S.denied, S.closed})
# Agencies release records late, after an appeal or during a lawsuit, so releases are
# accepted from every status once the request has gone out.
_AFTER_SENDING = frozenset(Status) - {S.draft, S.withdrawn}


@dataclass(frozen=True)
class Transition:
    direction: Direction | None
    allowed_from: frozenset[Status]
    #: None keeps the status as it is (notes).
    to: Status | None


TRANSITIONS: dict[Kind, Transition] = {
    Kind.request_sent: Transition(Direction.sent, frozenset({S.draft}), S.sent),
    Kind.acknowledgment: Transition(Direction.received, frozenset({S.sent}), S.acknowledged),
    Kind.extension_notice: Transition(Direction.received, _PROCESSING, S.extended),
    Kind.fee_estimate: Transition(Direction.received, _PROCESSING, S.awaiting_fee),
    Kind.clarification_request: Transition(
        Direction.received, _PROCESSING, S.awaiting_clarification),
    Kind.our_clarification: Transition(
        Direction.sent, frozenset({S.awaiting_fee, S.awaiting_clarification}), S.acknowledged),
    Kind.partial_release: Transition(Direction.received, _AFTER_SENDING, S.partially_released),
    Kind.final_release: Transition(Direction.received, _AFTER_SENDING, S.completed),
    Kind.no_records: Transition(Direction.received, _PROCESSING | {S.appealed}, S.no_records),
    Kind.denial: Transition(Direction.received, _PROCESSING | {S.appealed}, S.denied),
    # A missed deadline is a constructive denial, so an appeal may follow silence too.
    Kind.appeal_filed: Transition(
        Direction.sent, _PROCESSING | {S.completed, S.no_records, S.denied}, S.appealed),
    Kind.appeal_decision: Transition(Direction.received, frozenset({S.appealed}), S.closed),
    Kind.lawsuit_filed: Transition(
        Direction.sent, _AFTER_SENDING - {S.in_litigation}, S.in_litigation),
    Kind.withdrawal: Transition(Direction.sent, OPEN_STATUSES, S.withdrawn),
    Kind.closure: Transition(None, (OPEN_STATUSES | _ANSWERED) - {S.closed}, S.closed),
    Kind.note: Transition(None, frozenset(Status), None),
}


class TransitionRefused(ValueError):
    """A communication that makes no sense for the request's status at that point."""


def next_status(current: Status, kind: Kind) -> Status:
    """Return the status after a communication of this kind, or refuse it."""
    transition = TRANSITIONS[kind]
    if current not in transition.allowed_from:
        raise TransitionRefused(
            f"A “{kind.value}” cannot be logged while the request is “{current.value}”. "
            f"It is possible when the request is: {_names(transition.allowed_from)}."
        )
    return transition.to or current


def replay(kinds: Iterable[Kind]) -> Status:
    """Return the status reached by communications of these kinds, in order, from a draft."""
    status = Status.draft
    for kind in kinds:
        status = next_status(status, kind)
    return status


class Entry(NamedTuple):
    """A timeline entry as the status machine sees it."""

    occurred_on: date
    #: None for an entry not saved yet: it comes after the saved ones of its day.
    id: int | None
    kind: Kind


def timeline_status(entries: Iterable[Entry]) -> Status:
    """Return the status a timeline reaches, entries taken by date then as logged, or refuse it."""
    ordered = sorted(entries, key=lambda e: (e.occurred_on, math.inf if e.id is None else e.id))
    return replay(e.kind for e in ordered)


def expected_direction(kind: Kind) -> Direction | None:
    """Return the only direction that makes sense for a kind, if there is one."""
    return TRANSITIONS[kind].direction


def _names(statuses: frozenset[Status]) -> str:
    return ", ".join(s.value.lower() for s in Status if s in statuses)
