"""Compute every statutory clock of a request from its rule, calendar and events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from .calendars import BusinessCalendar
from .counting import Step, explain_period, last_counted_day, paused_days, shift
from .rules import Clock, JurisdictionRule

#: Clocks the agency must meet; the requester's own appeal window is not stopped by agency pauses.
TOLLED_CLOCKS = frozenset({"acknowledgment", "response", "extended_response"})

_WAITING_FOR = {"acknowledgment": "the acknowledgment", "denial": "a denial", "appeal": "an appeal"}
_START_LABELS = {
    "receipt": "the date of receipt",
    "acknowledgment": "the date of the acknowledgment",
    "acknowledgment_due": "the date the acknowledgment was due",
    "response_due": "the original response deadline",
    "denial": "the date of the denial",
    "appeal": "the date the appeal was filed",
}


@dataclass(frozen=True, slots=True)
class Pause:
    """A period the clock stops (clarification, fee payment); end_on None means still paused."""

    start_on: date
    end_on: date | None
    reason: str


@dataclass(frozen=True, slots=True)
class Extension:
    """Extra time the agency claimed on claimed_on."""

    claimed_on: date
    days: int
    unit: str
    reason: str

    def __post_init__(self):
        if self.unit not in ("business", "calendar") or self.days < 0:
            raise ValueError(f"an extension needs non-negative business or calendar days, not {self.days} {self.unit!r}")


@dataclass(frozen=True, slots=True)
class RequestEvents:
    """What has happened to a request so far; clocks that need a missing event wait for it."""

    acknowledged_on: date | None = None
    denied_on: date | None = None
    appeal_filed_on: date | None = None
    agency_estimated_on: date | None = None
    pauses: tuple[Pause, ...] = ()
    extensions: tuple[Extension, ...] = ()


@dataclass(frozen=True)
class ClockResult:
    """One clock's outcome; `explanation` is built on first access."""

    name: str
    due_on: date | None
    days: int | None
    unit: str
    citation: str
    description: str
    waiting_for: str | None = None
    is_statutory: bool = True
    followup_on: date | None = None
    is_unlawful_extension: bool = False
    message: str | None = None
    text: str | None = None
    _calendar: BusinessCalendar | None = field(default=None, repr=False, compare=False)
    _explain_args: tuple | None = field(default=None, repr=False, compare=False)

    @cached_property
    def explanation(self) -> tuple[Step, ...]:
        """Return the steps that lead to the due date."""
        return tuple(_explain(*self._explain_args)) if self._explain_args else ()

    def days_left(self, today: date) -> int | None:
        """Return days until due in the clock's unit (negative when overdue), None without a due date."""
        if self.due_on is None:
            return None
        if self.unit == "business" and self._calendar is not None:
            return self._calendar.business_days_between(today, self.due_on)
        return (self.due_on - today).days

    def to_json(self) -> dict:
        """Return the clock in the deadline_report JSON shape."""
        out = {
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "days": self.days,
            "unit": self.unit,
            "citation": self.citation,
            "explanation": [s.to_json() for s in self.explanation],
            "description": self.description,
            "is_statutory": self.is_statutory,
        }
        if self.waiting_for is not None:
            out["waiting_for"] = self.waiting_for
        if self.followup_on is not None:
            out["followup_on"] = self.followup_on.isoformat()
        if self.text is not None:
            out["text"] = self.text
        if self.is_unlawful_extension:
            out["is_unlawful_extension"] = True
            out["message"] = self.message
        return out


_DEFAULTS = dict(
    waiting_for=None, is_statutory=True, followup_on=None, is_unlawful_extension=False, message=None, text=None
)


def _start_of(clock: Clock, received_on: date, events: RequestEvents, due: dict) -> tuple[date | None, str | None]:
    source = clock.counts_from
    if source == "receipt":
        return received_on, None
    if source == "acknowledgment":
        return events.acknowledged_on, None if events.acknowledged_on else _WAITING_FOR[source]
    if source == "denial":
        return events.denied_on, None if events.denied_on else _WAITING_FOR[source]
    if source == "appeal":
        return events.appeal_filed_on, None if events.appeal_filed_on else _WAITING_FOR[source]
    # An extension lengthens the period itself, so it runs from the unrolled last day of the response.
    upstream, index = ("acknowledgment", 0) if source == "acknowledgment_due" else ("response", 2)
    entry = due.get(upstream, (None, f"the {upstream} clock", None))
    return entry[index], entry[1]


def _extension_outcome(rule, clock, base_due, raw_end, calendar, extensions):
    """Return (due_on, is_unlawful, message, steps) after the agency's claimed extensions."""
    claimed_due, claimed_raw = base_due, raw_end
    steps = []
    late = [e for e in extensions if e.claimed_on > base_due]
    for ext in extensions:
        claimed_due, claimed_raw = shift(claimed_due, claimed_raw, ext.days, ext.unit, calendar, clock.rolls_forward)
        steps.append(Step("extension", ext.claimed_on, f"Agency claimed {ext.days} {ext.unit} days more ({ext.reason})"))
    if rule.extension_is_open_ended and not late:
        return claimed_due, False, None, steps
    if late:
        lawful = base_due
        message = f"Extension claimed after the deadline of {base_due.isoformat()} had passed"
    elif rule.extension_days is None:
        lawful = base_due
        message = "The law sets no extension the agency may take on its own"
    else:
        lawful, _ = shift(base_due, raw_end, rule.extension_days, rule.extension_unit, calendar, clock.rolls_forward)
        message = (
            f"Claimed extension to {claimed_due.isoformat()} exceeds the lawful maximum of "
            f"{rule.extension_days} {rule.extension_unit} days ({lawful.isoformat()})"
        )
    if claimed_due <= lawful and not late:
        return claimed_due, False, None, steps
    steps.append(Step("extension", lawful, f"Unlawful extension: {message}; the lawful due date is shown"))
    return lawful, True, message, steps


def _explain(clock, start, label, calendar, pre, after) -> list[Step]:
    steps = list(pre)
    if start is None:
        return steps + after
    steps += explain_period(start, label, clock.days, clock.unit, calendar,
                            rolls_forward=clock.rolls_forward, day_of_start_counts=clock.day_of_start_counts)
    return steps + after


def _result(clock, calendar, due_on, explain_args, **extra) -> ClockResult:
    # Fills __dict__ directly, skipping the frozen __setattr__ per field: 100,000 recomputations must stay fast.
    result = object.__new__(ClockResult)
    values = result.__dict__
    values.update(_DEFAULTS)
    values["name"] = clock.name
    values["due_on"] = due_on
    values["days"] = clock.days
    values["unit"] = clock.unit
    values["citation"] = clock.citation
    values["description"] = clock.description
    values["_calendar"] = calendar
    values["_explain_args"] = explain_args
    if extra:
        values.update(extra)
    return result


def _compute_one(rule, clock, received_on, calendar, events, followup_days, due, receipt_steps):
    start, waiting = _start_of(clock, received_on, events, due)
    if start is None:
        due[clock.name] = (None, waiting, None)
        return _result(clock, calendar, None, (clock, None, "", calendar, (), [Step("start", None, f"Waiting for {waiting}")]),
                       waiting_for=waiting, text=f"waiting for {waiting}")
    label = _START_LABELS[clock.counts_from]
    pre = receipt_steps if clock.counts_from == "receipt" else ()
    unit = clock.unit
    if unit == "none":
        followup = calendar.add_business_days(start, followup_days)
        due[clock.name] = (None, "a statutory deadline", None)
        text = f"no statutory deadline: promptly ({clock.citation})"
        steps = [Step("start", start, text[0].upper() + text[1:]),
                 Step("policy", followup, f"Follow up on {followup.isoformat()}: {followup_days} business days after "
                                          f"{label} (organisation policy, not law)")]
        return _result(clock, calendar, None, (clock, None, label, calendar, pre, steps),
                       is_statutory=False, followup_on=followup, text=text)
    raw_end = last_counted_day(start, clock.days, unit, calendar, clock.day_of_start_counts)
    due_on = raw_end
    if unit == "calendar" and clock.rolls_forward and not calendar.is_business_day(raw_end):
        due_on = calendar.roll_forward(raw_end)
    after: list[Step] = []
    if events.pauses and clock.name in TOLLED_CLOCKS:
        for pause in sorted(events.pauses, key=lambda p: p.start_on):
            if pause.start_on < start or pause.start_on > due_on:
                continue
            if pause.end_on is None:
                waiting = f"the pause to end ({pause.reason})"
                due[clock.name] = (None, waiting, None)
                after.append(Step("paused", pause.start_on,
                                  f"Clock stopped on {pause.start_on.isoformat()} ({pause.reason}); not yet resumed"))
                return _result(clock, calendar, None, (clock, start, label, calendar, pre, after), waiting_for=waiting,
                               text=f"waiting for {waiting}")
            n = paused_days(pause.start_on, pause.end_on, unit, calendar)
            due_on, raw_end = shift(due_on, raw_end, n, unit, calendar, clock.rolls_forward)
            after.append(Step("paused", pause.start_on,
                              f"Paused {pause.start_on.isoformat()} to {pause.end_on.isoformat()} ({pause.reason}): "
                              f"{n} {unit} days added, due {due_on.isoformat()}"))
    due[clock.name] = (due_on, None, raw_end)
    if clock.name == "response" and events.extensions:
        due_on, unlawful, message, ext_steps = _extension_outcome(rule, clock, due_on, raw_end, calendar, events.extensions)
        after.extend(ext_steps)
        return _result(clock, calendar, due_on, (clock, start, label, calendar, pre, after),
                       is_unlawful_extension=unlawful, message=message)
    return _result(clock, calendar, due_on, (clock, start, label, calendar, pre, after))


def compute_clocks(
    rule: JurisdictionRule,
    *,
    received_on: date,
    calendar: BusinessCalendar,
    events: RequestEvents = RequestEvents(),
    policy_followup_days: int = 10,
    receipt_steps: tuple[Step, ...] = (),
) -> dict[str, ClockResult]:
    """Return every clock the law defines, in statutory order, keyed by clock name."""
    due: dict[str, tuple[date | None, str | None, date | None]] = {}
    pre = tuple(receipt_steps)
    return {
        name: _compute_one(rule, clock, received_on, calendar, events, policy_followup_days, due, pre)
        for name, clock in rule.clocks.items()
    }
