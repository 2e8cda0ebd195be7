"""The JSON deadline report other tools rely on."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Mapping

from .calendars import business_calendar
from .engine import RequestEvents, compute_clocks
from .receipt import counted_receipt
from .rules import rule_for

_NO_CLOSURES: Mapping[date, str] = MappingProxyType({})


def deadline_report(
    code: str,
    received_on: date,
    *,
    closures: Mapping[date, str] = _NO_CLOSURES,
    events: RequestEvents = RequestEvents(),
    channel: str | None = None,
    sent_on: date | None = None,
    policy_followup_days: int = 10,
) -> dict:
    """Return {"jurisdiction", "received_on", "clocks": {...}} for a request delivered on received_on.

    With a channel, received_on is the delivery date and the law's deemed-receipt rule applies.
    """
    calendar = business_calendar(code, closures)
    counted_from, receipt_steps = counted_receipt(
        code, delivered_on=received_on, channel=channel, calendar=calendar, sent_on=sent_on)
    rule = rule_for(code, counted_from)
    clocks = compute_clocks(
        rule,
        received_on=counted_from,
        calendar=calendar,
        events=events,
        policy_followup_days=policy_followup_days,
        receipt_steps=receipt_steps,
    )
    return {
        "jurisdiction": code,
        "received_on": counted_from.isoformat(),
        "name": rule.name,
        "statute": rule.statute,
        "effective_on": rule.effective_on.isoformat(),
        "in_force": rule.in_force_text(counted_from),
        "confidence": rule.confidence,
        "calendar": {"citation": rule.holidays.citation, "confidence": rule.holidays.confidence,
                     "note": rule.holidays.note},
        "verified": rule.is_verified,
        "clocks": {name: {**c.to_json(), "verified": rule.is_verified} for name, c in clocks.items()},
    }
