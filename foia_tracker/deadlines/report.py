"""The JSON deadline report other tools rely on."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Mapping

from .calendars import business_calendar
from .counting import Step
from .engine import RequestEvents, compute_clocks
from .receipt import deemed_received_on
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
    receipt_steps: tuple[Step, ...] = ()
    counted_from = received_on
    if channel is not None:
        rule = rule_for(code, received_on)
        counted_from, reason = deemed_received_on(
            rule, delivered_on=received_on, channel=channel, calendar=calendar, sent_on=sent_on
        )
        if reason:
            text = f"Counted as received {counted_from.isoformat()}: {reason}"
            receipt_steps = (Step("deemed_receipt", counted_from, text),)
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
        "confidence": rule.confidence,
        "verified": rule.is_verified,
        "clocks": {name: {**c.to_json(), "verified": rule.is_verified} for name, c in clocks.items()},
    }
