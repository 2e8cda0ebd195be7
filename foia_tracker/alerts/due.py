"""Which deadlines a user hears about today: pure date logic, no Flask, no database."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ..deadlines import BusinessCalendar, business_calendar


@dataclass(frozen=True)
class UserClock:
    """When a user's day starts and when their digest is due."""

    local_today: date
    is_digest_time: bool


def user_clock(now: datetime, timezone: str, digest_hour: int) -> UserClock:
    """Return the user's local date and whether their digest hour has come today."""
    local = now.astimezone(ZoneInfo(timezone))
    return UserClock(local.date(), local.hour >= digest_hour)


class DueItem(NamedTuple):
    # A named tuple, not a frozen dataclass: a sweep builds one per open request, and a frozen
    # dataclass costs five times as much to build.
    request_id: int
    reference: str
    title: str
    agency: str
    jurisdiction: str
    clock: str
    due_on: date
    citation: str


class SweepCalendars:
    """Business calendars, lead-time horizons and overdue counts, each worked out once a sweep.

    `business_calendar` builds a new calendar on every call, which per item cost more than the
    rest of the sweep. Kept per sweep rather than per process so holidays are never stale and
    the calendars' lazily filled tables are never shared between threads.
    """

    def __init__(self):
        self._calendars: dict[str, BusinessCalendar] = {}
        self._horizons: dict[tuple[str, date, int], date] = {}
        self._business_days: dict[tuple[str, date, date], int] = {}

    def calendar(self, jurisdiction: str) -> BusinessCalendar:
        """Return the jurisdiction's calendar."""
        calendar = self._calendars.get(jurisdiction)
        if calendar is None:
            calendar = self._calendars[jurisdiction] = business_calendar(jurisdiction)
        return calendar

    def soon_until(self, jurisdiction: str, today: date, lead_business_days: int) -> date:
        """Return the last date that is due soon: `lead_business_days` business days ahead."""
        key = (jurisdiction, today, lead_business_days)
        horizon = self._horizons.get(key)
        if horizon is None:
            horizon = self._horizons[key] = \
                self.calendar(jurisdiction).add_business_days(today, lead_business_days)
        return horizon

    def business_days_between(self, jurisdiction: str, start: date, end: date) -> int:
        """Return the business days in (start, end]."""
        key = (jurisdiction, start, end)
        days = self._business_days.get(key)
        if days is None:
            days = self._business_days[key] = \
                self.calendar(jurisdiction).business_days_between(start, end)
        return days


def bucket(item: DueItem, today: date, lead_business_days: int,
           calendars: SweepCalendars | None = None) -> str | None:
    """Return "overdue", "today" or "soon" for a digest, or None when it is not worth a line yet."""
    if item.due_on < today:
        return "overdue"
    if item.due_on == today:
        return "today"
    horizon = (calendars or SweepCalendars()).soon_until(item.jurisdiction, today, lead_business_days)
    return "soon" if item.due_on <= horizon else None


_due_on = attrgetter("due_on")


def items_due_on(items: list[DueItem], day: date) -> list[DueItem]:
    """Return the items due on a day, from items in due-date order."""
    start = bisect_left(items, day, key=_due_on)
    return items[start:bisect_right(items, day, lo=start, key=_due_on)]


def digest_sections(items: list[DueItem], today: date, lead_business_days: int,
                    calendars: SweepCalendars) -> dict[str, list[DueItem]]:
    """Return the digest's non-empty sections (as `bucket` names them) of items in due-date order."""
    # In due-date order the overdue and due-today items are the first two runs; only the
    # later ones need a calendar.
    overdue_end = bisect_left(items, today, key=_due_on)
    today_end = bisect_right(items, today, lo=overdue_end, key=_due_on)
    sections = {
        "overdue": items[:overdue_end], "today": items[overdue_end:today_end],
        "soon": [item for item in items[today_end:]
                 if bucket(item, today, lead_business_days, calendars) == "soon"]}
    return {name: section for name, section in sections.items() if section}


def escalations(items: list[DueItem], today: date, threshold_business_days: int,
                calendars: SweepCalendars) -> list[tuple[DueItem, int]]:
    """Return (item, business days overdue) past the threshold, from items in due-date order."""
    overdue = items[:bisect_left(items, today, key=_due_on)]
    counted = ((item, business_days_overdue(item, today, calendars)) for item in overdue)
    return [(item, days) for item, days in counted if days > threshold_business_days]


def business_days_overdue(item: DueItem, today: date,
                          calendars: SweepCalendars | None = None) -> int:
    """Return how many business days past its due date the item is (0 when not overdue)."""
    if item.due_on >= today:
        return 0
    return (calendars or SweepCalendars()).business_days_between(item.jurisdiction, item.due_on, today)
