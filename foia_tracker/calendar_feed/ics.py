"""Write iCalendar (RFC 5545) documents of all-day events; pure Python, no Flask, no database."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

PRODID = "-//foia-tracker//Deadline calendar//EN"
#: RFC 5545 3.1: content lines should not exceed 75 octets, not counting the line break.
LINE_OCTETS = 75
# RFC 5545 3.3.11 forbids control characters other than tab in TEXT values.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class AllDayEvent:
    #: Stable across feeds, so a calendar client replaces the event instead of adding another.
    uid: str
    on: date
    summary: str
    description: str
    url: str | None = None


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash first, then the separators, then line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            # A continuation line starts with a space, which counts towards its 75 octets.
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def ics_date(on: date) -> str:
    return f"{on.year:04d}{on.month:02d}{on.day:02d}"


def ics_instant(at: datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; use aware UTC")
    return at.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def calendar_document(events: Iterable[AllDayEvent], *, name: str, stamped_at: datetime) -> str:
    """Return the whole VCALENDAR, CRLF line endings and folded lines included."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH", f"X-WR-CALNAME:{escape_text(name)}",
        # Hints (Apple, Outlook) for how often to poll; Google ignores them.
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
    ]
    stamp = ics_instant(stamped_at)
    for event in events:
        lines += event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def event_lines(event: AllDayEvent, stamp: str) -> list[str]:
    """Return the unfolded content lines of one all-day VEVENT."""
    lines = [
        "BEGIN:VEVENT", f"UID:{escape_text(event.uid)}", f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{ics_date(event.on)}",
        # DTEND is exclusive: the next day makes a one-day event in every client.
        f"DTEND;VALUE=DATE:{ics_date(event.on + timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}", f"DESCRIPTION:{escape_text(event.description)}",
    ]
    if event.url:
        lines.append(f"URL:{_CONTROL.sub('', event.url)}")
    # A deadline is a reminder, not a meeting: it must not mark the day as busy.
    return lines + ["TRANSP:TRANSPARENT", "END:VEVENT"]
