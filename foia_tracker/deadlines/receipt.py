"""When a request counts as received: local dates and each law's deemed-receipt rules."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from .calendars import BusinessCalendar
from .counting import Step
from .jurisdictions import JURISDICTIONS
from .rules import JurisdictionRule, UnknownJurisdiction, rule_for

CHANNELS = ("email", "portal", "mail", "fax", "in_person")


@lru_cache(maxsize=None)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_receipt_date(received_at: datetime, code: str) -> date:
    """Return the date at the seat of government when an aware timestamp arrived."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    try:
        zone = JURISDICTIONS[code].timezone
    except KeyError:
        raise UnknownJurisdiction(f"unknown jurisdiction code {code!r}") from None
    return received_at.astimezone(_zone(zone)).date()


def deemed_received_on(
    rule: JurisdictionRule,
    *,
    delivered_on: date,
    channel: str,
    calendar: BusinessCalendar,
    sent_on: date | None = None,
) -> tuple[date, str | None]:
    """Return the date the law treats as receipt, and a reason when it differs from delivery."""
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")
    for deemed in rule.deemed_receipt:
        if channel not in deemed.channels:
            continue
        if deemed.requires_sent_on and sent_on is None:
            continue
        if deemed.method == "next_business_day_if_closed":
            on = delivered_on if calendar.is_business_day(delivered_on) else calendar.next_business_day(delivered_on)
        elif deemed.method == "business_days_after_sending":
            on = calendar.add_business_days(sent_on or delivered_on, deemed.days)
        else:
            on = sent_on or delivered_on
        if on != delivered_on:
            return on, f"{deemed.reason} ({deemed.citation})"
        return on, None
    return delivered_on, None


def counted_receipt(
    code: str,
    *,
    delivered_on: date,
    channel: str | None,
    calendar: BusinessCalendar,
    sent_on: date | None = None,
) -> tuple[date, tuple[Step, ...]]:
    """Return the receipt date the clocks count from, and the step explaining a deemed date."""
    if channel is None:
        return delivered_on, ()
    counted_on, reason = deemed_received_on(
        rule_for(code, delivered_on), delivered_on=delivered_on, channel=channel,
        calendar=calendar, sent_on=sent_on,
    )
    if reason is None:
        return counted_on, ()
    return counted_on, (Step("deemed_receipt", counted_on,
                             f"Counted as received {counted_on.isoformat()}: {reason}"),)
