"""Date checks shared by forms: no future dates, in the agency's own time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..deadlines.jurisdictions import JURISDICTIONS


def local_today(jurisdiction: str | None, now: datetime | None = None) -> date:
    """Return today's date where the agency is (UTC when unknown)."""
    now = now or datetime.now(ZoneInfo("UTC"))
    zone = JURISDICTIONS[jurisdiction].timezone if jurisdiction in JURISDICTIONS else "UTC"
    return now.astimezone(ZoneInfo(zone)).date()
