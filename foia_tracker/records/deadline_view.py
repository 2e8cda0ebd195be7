"""What the request page shows about deadlines."""

from datetime import date

from ..communications.status import Kind
from ..web.dates import local_today
from ..closures.lookup import closures_for
from ..closures.moves import closure_moves
from ..deadlines import business_calendar
from .deadlines import DeadlineInputs, clocks_of, rule_applied, timeline_events
from .models import RecordsRequest

#: Which clocks a communication of each kind satisfies.
_ANSWERS = {
    Kind.acknowledgment: ("acknowledgment",),
    Kind.final_release: ("acknowledgment", "response", "extended_response"),
    Kind.no_records: ("acknowledgment", "response", "extended_response"),
    Kind.denial: ("acknowledgment", "response", "extended_response"),
    Kind.appeal_filed: ("appeal_filing",),
    Kind.appeal_decision: ("appeal_decision",),
}

CLOCK_LABELS = {
    "acknowledgment": "Acknowledgment",
    "response": "Response",
    "extended_response": "Extended response",
    "appeal_filing": "Appeal filing (our window)",
    "appeal_decision": "Appeal decision",
}


def deadline_context(request: RecordsRequest) -> dict:
    """Return the clocks, the rule in force (and why), and today's date where the agency is."""
    # One read of the timeline and the closures, one calendar and one pass over the timeline's
    # events serve the clocks, the rule and the ledger: each pass sorts every entry.
    inputs = DeadlineInputs.of(request)
    closures = closures_for(request.agency)
    # No clock runs before the agency received the request: no calendar to build then.
    calendar = business_calendar(inputs.jurisdiction, closures) if inputs.received_on else None
    applied = rule_applied(inputs, closures, calendar=calendar)
    rule = applied[0] if applied else None
    rule_in_force = rule.in_force_text(applied[1]) if applied else None
    events = timeline_events(inputs)
    clocks = clocks_of(inputs, closures, calendar=calendar, events=events)
    return {"clocks": clocks, "rule": rule, "rule_in_force": rule_in_force,
            "clock_labels": CLOCK_LABELS,
            "ledger": events if rule is not None else None, "met_on": clocks_met_on(request),
            "closure_moves": closure_moves(request.id, request.organisation_id),
            "today": local_today(request.agency.jurisdiction)}


def clocks_met_on(request: RecordsRequest) -> dict[str, date]:
    """Return, per clock, the date of the first communication that answered it."""
    met = {}
    for c in sorted(request.communications, key=lambda c: (c.occurred_on, c.id or 0)):
        for clock in _ANSWERS.get(c.kind, ()):
            met.setdefault(clock, c.occurred_on)
    return met
