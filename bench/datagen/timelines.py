"""Request timelines the status machine accepts, with a realistic mix of outcomes."""

import random
from collections import namedtuple
from itertools import accumulate

from foia_tracker.communications.status import Kind, Status, TransitionRefused, next_status

#: Timeline entries between the acknowledgment and the outcome, by weight.
_MIDDLE = ((Kind.note, 30), (Kind.extension_notice, 14), (Kind.fee_estimate, 8),
           (Kind.clarification_request, 8), (Kind.partial_release, 30))
_MIDDLE_KINDS = [kind for kind, _ in _MIDDLE]
_MIDDLE_WEIGHTS = list(accumulate(weight for _, weight in _MIDDLE))
#: How answered requests end, by weight.
_CLOSED_ENDINGS = (((Kind.final_release,), 42), ((Kind.no_records,), 10), ((Kind.denial,), 12),
                   ((Kind.denial, Kind.appeal_filed, Kind.appeal_decision), 8),
                   ((Kind.withdrawal,), 6), ((Kind.closure,), 8),
                   ((Kind.denial, Kind.lawsuit_filed), 2))
#: How requests still open end so far: waiting, appealed, in litigation.
_OPEN_ENDINGS = (((), 84), ((Kind.denial, Kind.appeal_filed), 13), ((Kind.lawsuit_filed,), 3))
RELEASES = frozenset({Kind.partial_release, Kind.final_release})
SUMMARIES = {
    Kind.request_sent: "Request sent through the agency's {channel}",
    Kind.acknowledgment: "Agency acknowledged receipt and assigned a tracking number",
    Kind.extension_notice: "Agency claimed more time to search and review records",
    Kind.fee_estimate: "Fee estimate for search and duplication",
    Kind.clarification_request: "Agency asked us to narrow the date range",
    Kind.our_clarification: "We narrowed the request and agreed to the fee",
    Kind.partial_release: "Partial release of responsive records",
    Kind.final_release: "Final release of responsive records",
    Kind.no_records: "Agency says it found no responsive records",
    Kind.denial: "Agency denied the request citing law-enforcement exemptions",
    Kind.appeal_filed: "Administrative appeal filed",
    Kind.appeal_decision: "Appeal decided",
    Kind.lawsuit_filed: "Petition filed in court",
    Kind.withdrawal: "We withdrew the request",
    Kind.closure: "Request closed",
    Kind.note: "Call with the records officer about progress",
}

#: A timeline entry as the deadline engine reads it (plain rows work as well as ORM objects).
Entry = namedtuple("Entry", "id kind occurred_on extension_days summary estimated_on")


def _weighted(rng: random.Random, pairs):
    return rng.choices([value for value, _ in pairs], weights=[w for _, w in pairs])[0]


def open_probability(age_days: int) -> float:
    """Chance that a request sent this many days ago is still open."""
    for limit, chance in ((60, 0.92), (180, 0.6), (365, 0.35), (730, 0.15)):
        if age_days < limit:
            return chance
    return 0.04


def timeline_kinds(rng: random.Random, length: int, age_days: int) -> tuple[list[Kind], Status]:
    """Return `length` communication kinds the state machine accepts, in order, and the status."""
    kinds, status = [Kind.request_sent], Status.sent
    if length >= 2 and rng.random() < 0.92:
        kinds.append(Kind.acknowledgment)
        status = Status.acknowledged
    is_open = rng.random() < open_probability(age_days)
    ending = list(_weighted(rng, _OPEN_ENDINGS if is_open else _CLOSED_ENDINGS))
    ending = ending[:max(0, length - len(kinds))]
    for _ in range(length - len(kinds) - len(ending)):
        if status in (Status.awaiting_fee, Status.awaiting_clarification) and rng.random() < 0.7:
            kind = Kind.our_clarification
        else:
            kind = rng.choices(_MIDDLE_KINDS, cum_weights=_MIDDLE_WEIGHTS)[0]
        status, kind = _step(status, kind)
        kinds.append(kind)
    for kind in ending:
        status, kind = _step(status, kind)
        kinds.append(kind)
    return kinds, status


def _step(status: Status, kind: Kind) -> tuple[Status, Kind]:
    # A kind the status does not allow at this point becomes a note, which every status allows.
    try:
        return next_status(status, kind), kind
    except TransitionRefused:
        return status, Kind.note
