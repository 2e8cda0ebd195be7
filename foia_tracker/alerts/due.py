"""Which deadlines a user hears about today: pure date logic, no Flask, no database."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..deadlines import business_calendar


@dataclass(frozen=True)
class UserClock:
    """When a user's day starts and when their digest is due."""

    local_today: date
    is_digest_time: bool


def user_clock(now: datetime, timezone: str, digest_hour: int) -> UserClock:
    """Return the user's local date and whether their digest hour has come today."""
    local = now.astimezone(ZoneInfo(timezone))
    return UserClock(local.date(), local.hour >= digest_hour)


@dataclass(frozen=True)
class DueItem:
    request_id: int
    reference: str
    title: str
    agency: str
    jurisdiction: str
    clock: str
    due_on: date
    citation: str


def bucket(item: DueItem, today: date, lead_business_days: int) -> str | None:
    """Return "overdue", "today" or "soon" for a digest, or None when it is not worth a line yet."""
    if item.due_on < today:
        return "overdue"
    if item.due_on == today:
        return "today"
    horizon = business_calendar(item.jurisdiction).add_business_days(today, lead_business_days)
    return "soon" if item.due_on <= horizon else None


def business_days_overdue(item: DueItem, today: date) -> int:
    """Return how many business days past its due date the item is (0 when not overdue)."""
    if item.due_on >= today:
        return 0
    return business_calendar(item.jurisdiction).business_days_between(item.due_on, today)
