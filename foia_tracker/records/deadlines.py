"""A request's statutory clocks: the events its timeline gives the pure engine, and the stored summary."""

from datetime import date

from sqlalchemy import or_, select

from ..closures.models import Closure
from ..communications.status import Kind, Status
from ..deadlines import (
    ClockResult, Extension, NoRuleInForce, Pause, RequestEvents, business_calendar, compute_clocks,
    rule_for,
)
from ..extensions import db
from .models import RecordsRequest

_PAUSING = {Kind.fee_estimate: "fee estimate", Kind.clarification_request: "clarification request"}
_RESUMING = frozenset({Kind.our_clarification, Kind.partial_release, Kind.final_release})
_ADVERSE = frozenset({Kind.denial, Kind.no_records})

#: The clocks still running, by status: what the agency (or, after a denial, the requester) owes next.
_CLOCKS_BY_STATUS = {
    Status.sent: ("acknowledgment", "response"),
    Status.acknowledged: ("response",),
    Status.extended: ("extended_response", "response"),
    Status.awaiting_fee: ("response",),
    Status.awaiting_clarification: ("response",),
    Status.partially_released: ("extended_response", "response"),
    Status.denied: ("appeal_filing",),
    Status.no_records: ("appeal_filing",),
    Status.appealed: ("appeal_decision",),
}


def request_events(request: RecordsRequest) -> RequestEvents:
    """Return the deadline events (acknowledgment, pauses, extensions, denial, appeal) of the timeline."""
    acknowledged_on = denied_on = appeal_filed_on = pause_start = None
    pauses, extensions = [], []
    for c in sorted(request.communications, key=lambda c: (c.occurred_on, c.id or 0)):
        if c.kind is Kind.acknowledgment and acknowledged_on is None:
            acknowledged_on = c.occurred_on
        elif c.kind in _PAUSING and pause_start is None:
            pause_start = (c.occurred_on, _PAUSING[c.kind])
        elif c.kind in _RESUMING and pause_start is not None:
            pauses.append(Pause(pause_start[0], c.occurred_on, pause_start[1]))
            pause_start = None
        elif c.kind is Kind.extension_notice:
            extensions.append(_extension(request, c))
        elif c.kind in _ADVERSE:
            denied_on = c.occurred_on
        elif c.kind is Kind.appeal_filed:
            appeal_filed_on = c.occurred_on
    if pause_start is not None:
        pauses.append(Pause(pause_start[0], None, pause_start[1]))
    return RequestEvents(acknowledged_on=acknowledged_on, denied_on=denied_on,
                         appeal_filed_on=appeal_filed_on, pauses=tuple(pauses),
                         extensions=tuple(extensions))


def closures_for(agency) -> dict[date, str]:
    """Return the extra closure days of the agency and of every office in its jurisdiction."""
    rows = db.session.execute(select(Closure.closed_on, Closure.name).where(or_(
        Closure.agency_id == agency.id, Closure.jurisdiction == agency.jurisdiction)))
    return {closed_on: name for closed_on, name in rows}


def request_clocks(request: RecordsRequest, closures: dict[date, str] | None = None) -> dict[str, ClockResult]:
    """Return every clock of the request; empty until the agency has received it."""
    if request.received_on is None:
        return {}
    code = request.agency.jurisdiction
    try:
        rule = rule_for(code, request.received_on)
    except NoRuleInForce:
        return {}
    calendar = business_calendar(code, closures if closures is not None else closures_for(request.agency))
    return compute_clocks(rule, received_on=request.received_on, calendar=calendar,
                          events=request_events(request),
                          policy_followup_days=request.organisation.followup_policy_days)


def deadlines_refresh(request: RecordsRequest, *, reason: str,
                      closures: dict[date, str] | None = None) -> None:
    """Store the request's due dates and next deadline; a changed date is audited with the reason."""
    clocks = request_clocks(request, closures)
    stored = {name: c.due_on.isoformat() if c.due_on else None for name, c in clocks.items()}
    next_clock, next_due_on = _next_deadline(request.status, clocks)
    if (stored, next_clock, next_due_on) != (request.deadlines or {}, request.next_clock, request.next_due_on):
        request.audit_reason = reason
        request.deadlines, request.next_clock, request.next_due_on = stored, next_clock, next_due_on


def _next_deadline(status: Status, clocks: dict[str, ClockResult]) -> tuple[str | None, date | None]:
    for name in _CLOCKS_BY_STATUS.get(status, ()):
        clock = clocks.get(name)
        if clock is None:
            continue
        if clock.due_on is not None:
            return name, clock.due_on
        if clock.followup_on is not None:
            return "followup", clock.followup_on
    return None, None


def _extension(request: RecordsRequest, notice) -> Extension:
    """Return the extension a notice claims; without a stated length, the most the law allows."""
    rule = rule_for(request.agency.jurisdiction, request.received_on)
    days = notice.extension_days if notice.extension_days is not None else rule.extension_days or 0
    return Extension(notice.occurred_on, days, rule.extension_unit or "business", notice.summary)
