"""A request's statutory clocks: what its timeline tells the pure engine, and the stored summary."""

from dataclasses import dataclass
from datetime import date
from typing import Mapping

from ..closures.lookup import closures_for
from ..communications.status import Kind, Status
from ..deadlines import (
    BusinessCalendar, ClockResult, Extension, JurisdictionRule, NoRuleInForce, Pause, RequestEvents,
    business_calendar, compute_clocks, counted_receipt, rule_for,
)
from .models import RecordsRequest

_PAUSING = {Kind.fee_estimate: "fee estimate", Kind.clarification_request: "clarification request"}
_RESUMING = frozenset({Kind.our_clarification, Kind.partial_release, Kind.final_release})
_ADVERSE = frozenset({Kind.denial, Kind.no_records})
#: The kinds of entry whose date moves a clock; any other entry matters only for its estimated_on.
EVENT_KINDS = frozenset({Kind.acknowledgment, *_PAUSING, *_RESUMING, Kind.extension_notice, *_ADVERSE,
                         Kind.appeal_filed})

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
_AWAITING_ANSWER = frozenset({Status.sent, Status.acknowledged, Status.extended,
                              Status.awaiting_fee, Status.awaiting_clarification,
                              Status.partially_released})


@dataclass(frozen=True)
class DeadlineInputs:
    """Everything the clocks of one request depend on, from ORM objects or plain rows alike."""

    jurisdiction: str
    received_on: date | None
    sent_on: date | None
    channel: str | None
    status: Status
    followup_days: int
    #: Timeline entries with kind, occurred_on, id, extension_days and summary.
    entries: tuple

    @classmethod
    def of(cls, request: RecordsRequest) -> "DeadlineInputs":
        return cls(request.agency.jurisdiction, request.received_on, request.sent_on,
                   request.channel.name if request.channel else None, request.status,
                   request.organisation.followup_policy_days, tuple(request.communications))


@dataclass(frozen=True)
class DeadlineSummary:
    """What is stored on the request: every clock's due date and the next one."""

    deadlines: dict
    next_clock: str | None
    next_due_on: date | None
    estimated_on: date | None = None


def timeline_events(inputs: DeadlineInputs) -> RequestEvents:
    """Return the deadline events (acknowledgment, pauses, extensions, denial, appeal) of the timeline."""
    acknowledged_on = denied_on = appeal_filed_on = pause_start = estimated_on = None
    pauses, extensions = [], []
    for c in sorted(inputs.entries, key=lambda c: (c.occurred_on, c.id or 0)):
        # The agency's latest word on when it will answer replaces any earlier estimate.
        estimated_on = c.estimated_on or estimated_on
        if c.kind is Kind.acknowledgment and acknowledged_on is None:
            acknowledged_on = c.occurred_on
        elif c.kind in _PAUSING and pause_start is None:
            pause_start = (c.occurred_on, _PAUSING[c.kind])
        elif c.kind in _RESUMING and pause_start is not None:
            pauses.append(Pause(pause_start[0], c.occurred_on, pause_start[1]))
            pause_start = None
        elif c.kind is Kind.extension_notice:
            extensions.append(_extension(inputs, c))
        elif c.kind in _ADVERSE:
            denied_on = c.occurred_on
        elif c.kind is Kind.appeal_filed:
            appeal_filed_on = c.occurred_on
    if pause_start is not None:
        pauses.append(Pause(pause_start[0], None, pause_start[1]))
    return RequestEvents(acknowledged_on=acknowledged_on, denied_on=denied_on,
                         appeal_filed_on=appeal_filed_on, agency_estimated_on=estimated_on,
                         pauses=tuple(pauses),
                         extensions=tuple(extensions))


def clocks_of(inputs: DeadlineInputs, closures: Mapping[date, str], *,
              calendar: BusinessCalendar | None = None,
              events: RequestEvents | None = None) -> dict[str, ClockResult]:
    """Return every clock; empty until the agency has received the request or with no rule in force.

    A caller recomputing many requests passes the jurisdiction's calendar built once on the same
    closures, and the timeline events it already read.
    """
    if inputs.received_on is None:
        return {}
    if calendar is None:
        calendar = business_calendar(inputs.jurisdiction, closures)
    applied = _applied(inputs, calendar)
    if applied is None:
        return {}
    rule, counted_on, receipt_steps = applied
    return compute_clocks(rule, received_on=counted_on, calendar=calendar,
                          events=timeline_events(inputs) if events is None else events,
                          receipt_steps=receipt_steps, policy_followup_days=inputs.followup_days)


def _applied(inputs: DeadlineInputs,
             calendar: BusinessCalendar) -> tuple[JurisdictionRule, date, tuple] | None:
    """Return the rule in force on the date the law counts as receipt, that date and its steps."""
    try:
        counted_on, receipt_steps = counted_receipt(
            inputs.jurisdiction, delivered_on=inputs.received_on, calendar=calendar,
            sent_on=inputs.sent_on, channel=inputs.channel)
        return rule_for(inputs.jurisdiction, counted_on), counted_on, receipt_steps
    except NoRuleInForce:
        return None


def rule_applied(inputs: DeadlineInputs, closures: Mapping[date, str], *,
                 calendar: BusinessCalendar | None = None) -> tuple[JurisdictionRule, date] | None:
    """Return the rule version the clocks use and the receipt date that chose it, if any.

    A caller that also computes the clocks passes the calendar it built on the same closures.
    """
    if inputs.received_on is None:
        return None
    applied = _applied(inputs, calendar or business_calendar(inputs.jurisdiction, closures))
    return None if applied is None else applied[:2]


def summary_of(inputs: DeadlineInputs, closures: Mapping[date, str], *,
               calendar: BusinessCalendar | None = None) -> DeadlineSummary:
    """Return what should be stored on the request, reading its timeline once."""
    events = timeline_events(inputs)
    clocks = clocks_of(inputs, closures, calendar=calendar, events=events)
    return summarise(inputs.status, clocks, events.agency_estimated_on)


def summarise(status: Status, clocks: dict[str, ClockResult],
              estimated_on: date | None = None) -> DeadlineSummary:
    """Return the stored form of the clocks: due dates and the next date that needs attention."""
    stored = {name: c.due_on.isoformat() if c.due_on else None for name, c in clocks.items()}
    # An estimate matters only while the agency still owes the answer it estimated.
    estimate = estimated_on if status in _AWAITING_ANSWER else None
    for name in _CLOCKS_BY_STATUS.get(status, ()):
        clock = clocks.get(name)
        if clock is None:
            continue
        if clock.due_on is not None:
            return DeadlineSummary(stored, name, clock.due_on, estimate)
        if clock.followup_on is not None:
            return DeadlineSummary(stored, "followup", clock.followup_on, estimate)
    return DeadlineSummary(stored, None, None, estimate)


def request_clocks(request: RecordsRequest) -> dict[str, ClockResult]:
    """Return every clock of the request."""
    return clocks_of(DeadlineInputs.of(request), closures_for(request.agency))


def deadlines_refresh(request: RecordsRequest, *, reason: str) -> None:
    """Store the request's due dates and next deadline; a changed date is audited with the reason."""
    summary = summary_of(DeadlineInputs.of(request), closures_for(request.agency))
    current = DeadlineSummary(request.deadlines or {}, request.next_clock, request.next_due_on,
                              request.estimated_on)
    if summary != current:
        request.audit_reason = reason
        request.deadlines, request.next_clock = summary.deadlines, summary.next_clock
        request.next_due_on, request.estimated_on = summary.next_due_on, summary.estimated_on


def _extension(inputs: DeadlineInputs, notice) -> Extension:
    """Return the extension a notice claims; without a stated length, the most the law allows."""
    try:
        rule = rule_for(inputs.jurisdiction, inputs.received_on)
    except NoRuleInForce:
        # No clock runs without a rule (clocks_of returns none); only the stated days matter.
        return Extension(notice.occurred_on, notice.extension_days or 0, "business", notice.summary)
    days = notice.extension_days if notice.extension_days is not None else rule.extension_days or 0
    return Extension(notice.occurred_on, days, rule.extension_unit or "business", notice.summary)
