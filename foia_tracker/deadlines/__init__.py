"""Pure statutory-deadline engine for public-records requests (no Flask, no database)."""

from .calendars import BusinessCalendar, CalendarRangeError, business_calendar, holidays_for_year
from .counting import Step
from .engine import ClockResult, Extension, Pause, RequestEvents, compute_clocks
from .receipt import CHANNELS, counted_receipt, deemed_received_on, local_receipt_date
from .report import deadline_report
from .rules import (
    CLOCK_NAMES,
    AddedHoliday,
    Clock,
    DeemedReceipt,
    HolidaySpec,
    JurisdictionRule,
    NoRuleInForce,
    RuleDataError,
    UnknownJurisdiction,
    all_rules,
    rule_for,
    versions_for,
)

__all__ = [
    "AddedHoliday",
    "BusinessCalendar",
    "CHANNELS",
    "CalendarRangeError",
    "CLOCK_NAMES",
    "Clock",
    "ClockResult",
    "DeemedReceipt",
    "Extension",
    "HolidaySpec",
    "JurisdictionRule",
    "NoRuleInForce",
    "Pause",
    "RequestEvents",
    "RuleDataError",
    "Step",
    "UnknownJurisdiction",
    "all_rules",
    "business_calendar",
    "compute_clocks",
    "counted_receipt",
    "deadline_report",
    "deemed_received_on",
    "holidays_for_year",
    "local_receipt_date",
    "rule_for",
    "versions_for",
]
