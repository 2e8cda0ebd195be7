"""Count a statutory period on a business calendar, and explain the count step by step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .calendars import BusinessCalendar


@dataclass(frozen=True, slots=True)
class Step:
    """One line of a deadline explanation."""

    kind: str
    on: date | None
    text: str

    def to_json(self) -> dict:
        """Return the step as a JSON-able dict."""
        return {"kind": self.kind, "on": self.on.isoformat() if self.on else None, "text": self.text}


def last_counted_day(start: date, days: int, unit: str, calendar: BusinessCalendar, day_of_start_counts: bool) -> date:
    """Return the last day of the period before any rolling forward."""
    if unit == "business":
        if day_of_start_counts and calendar.is_business_day(start):
            return calendar.add_business_days(start, days - 1)
        return calendar.add_business_days(start, days)
    return start + timedelta(days=days - 1 if day_of_start_counts else days)


def count_period(
    start: date, days: int, unit: str, calendar: BusinessCalendar, *, rolls_forward: bool, day_of_start_counts: bool
) -> date:
    """Return the due date of a period of `days` `unit` days starting at `start`."""
    end = last_counted_day(start, days, unit, calendar, day_of_start_counts)
    if unit == "calendar" and rolls_forward and not calendar.is_business_day(end):
        end = calendar.roll_forward(end)
    return end


def shift(due_on: date, raw_end: date, n: int, unit: str, calendar: BusinessCalendar, rolls_forward: bool):
    """Move a due date n days later in the clock's unit; return (due_on, unrolled last day)."""
    if unit == "business":
        moved = calendar.add_business_days(due_on, n)
        return moved, moved
    raw_end = raw_end + timedelta(days=n)
    if rolls_forward and not calendar.is_business_day(raw_end):
        return calendar.roll_forward(raw_end), raw_end
    return raw_end, raw_end


def paused_days(start_on: date, end_on: date, unit: str, calendar: BusinessCalendar) -> int:
    """Return the days a pause stops the clock: those after start_on up to and including end_on."""
    if end_on <= start_on:
        return 0
    if unit == "business":
        return calendar.business_days_between(start_on, end_on)
    return (end_on - start_on).days


def skipped_steps(after: date, through: date, calendar: BusinessCalendar) -> list[Step]:
    """Return a 'skipped' step per closed day in (after, through], one step per plain weekend."""
    steps: list[Step] = []
    closed = calendar.closed_days_between(after, through)
    i = 0
    while i < len(closed):
        on, name = closed[i]
        if name == "Saturday" and i + 1 < len(closed) and closed[i + 1] == (on + timedelta(days=1), "Sunday"):
            steps.append(Step("skipped", on, f"Skipped {on.isoformat()} and {closed[i + 1][0].isoformat()}: weekend"))
            i += 2
            continue
        steps.append(Step("skipped", on, f"Skipped {on.isoformat()}: {name}"))
        i += 1
    return steps


def explain_period(
    start: date,
    start_label: str,
    days: int,
    unit: str,
    calendar: BusinessCalendar,
    *,
    rolls_forward: bool,
    day_of_start_counts: bool,
) -> list[Step]:
    """Return the steps of one count: the start, skipped days, the last day and any roll forward."""
    counted = "counted as day 1" if day_of_start_counts else "is day 0, not counted"
    steps = [Step("start", start, f"Starts {start.isoformat()} ({start_label}); that day {counted}")]
    end = last_counted_day(start, days, unit, calendar, day_of_start_counts)
    if unit == "business":
        steps.extend(skipped_steps(start, end, calendar))
        steps.append(Step("counted", end, f"Counted {days} business days: day {days} is {end.isoformat()}"))
        return steps
    steps.append(Step("counted", end, f"Counted {days} calendar days: day {days} is {end.isoformat()}"))
    if rolls_forward and not calendar.is_business_day(end):
        due = calendar.roll_forward(end)
        steps.extend(skipped_steps(end - timedelta(days=1), due - timedelta(days=1), calendar))
        steps.append(Step("rolled_forward", due, f"Last day falls on a closed day; rolled forward to {due.isoformat()}"))
    return steps
