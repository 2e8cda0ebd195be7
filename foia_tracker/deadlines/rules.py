"""Load the statutory rule data (rules.toml) and pick the version in force on a date."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .jurisdictions import JURISDICTIONS

RULES_PATH = Path(__file__).with_name("rules.toml")

CLOCK_NAMES = ("acknowledgment", "response", "extended_response", "appeal_filing", "appeal_decision")
UNITS = ("business", "calendar", "none")
COUNTS_FROM = ("receipt", "acknowledgment", "acknowledgment_due", "response_due", "denial", "appeal")
CONFIDENCES = ("high", "medium", "low")
DEEMED_RECEIPT_METHODS = ("next_business_day_if_closed", "business_days_after_sending", "date_sent")
OBSERVANCES = ("none", "sun_to_mon", "sat_to_fri_sun_to_mon", "sat_sun_to_mon")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Longest `corrected` note: the audit reason holds it after the caller's own reason.
MAX_CORRECTED = 120
#: effective_on of a version whose start was not researched: it applies to every earlier request.
_UNDATED = date(1900, 1, 1)


class UnknownJurisdiction(ValueError):
    """Raised for a jurisdiction code the rule data does not know."""


class NoRuleInForce(ValueError):
    """Raised when a receipt date precedes every version of a jurisdiction's rule."""


class RuleDataError(ValueError):
    """Raised when rules.toml breaks the data vocabulary."""


@dataclass(frozen=True, slots=True)
class Clock:
    name: str
    days: int | None
    unit: str
    counts_from: str
    rolls_forward: bool
    day_of_start_counts: bool
    citation: str
    description: str


@dataclass(frozen=True, slots=True)
class AddedHoliday:
    """A closure day the package misses, as a fixed date, an nth weekday or an Easter offset."""

    name: str
    month: int | None = None
    day: int | None = None
    weekday: str | None = None
    nth: int | None = None
    offset_days: int = 0
    easter_offset_days: int | None = None
    observe: str = "none"
    since: int | None = None
    until: int | None = None


@dataclass(frozen=True, slots=True)
class HolidaySpec:
    """How to derive a jurisdiction's closed days from the `holidays` package plus corrections."""

    country: str | None = "US"
    subdiv: str | None = None
    categories: tuple[str, ...] = ("public",)
    #: False: take the package's days without its weekend observances (the law moves none).
    observed: bool = True
    remove: tuple[str, ...] = ()
    #: Package holidays that close an office only if it chooses to observe them (open by default).
    optional: tuple[str, ...] = ()
    saturday_observed_on_friday: bool = True
    saturday_observed_on_friday_for: tuple[str, ...] = ()
    sunday_observed_on_monday: bool = True
    sunday_observed_on_monday_for: tuple[str, ...] = ()
    add: tuple[AddedHoliday, ...] = ()
    citation: str = ""
    confidence: str = "low"
    note: str = ""


@dataclass(frozen=True, slots=True)
class DeemedReceipt:
    channels: tuple[str, ...]
    method: str
    days: int
    requires_sent_on: bool
    citation: str
    reason: str


@dataclass(frozen=True, slots=True)
class JurisdictionRule:
    code: str
    name: str
    statute: str
    citation: str
    effective_on: date
    confidence: str
    note: str
    clocks: Mapping[str, Clock]
    extension_days: int | None = None
    extension_unit: str | None = None
    extension_is_open_ended: bool = False
    deemed_receipt: tuple[DeemedReceipt, ...] = ()
    holidays: HolidaySpec = field(default_factory=HolidaySpec)
    #: The act that made this version, e.g. "2021 HB 312"; empty for the earliest text researched.
    amended_by: str = ""
    #: The day before the next version took effect; None while this version is in force.
    until: date | None = None
    #: What the latest correction of this jurisdiction's rule data changed, for the audit trail.
    corrected: str = ""

    @property
    def is_verified(self) -> bool:
        """Return True only when the research rated the numbers and the calendar high confidence."""
        return self.confidence == "high" and self.holidays.confidence == "high"

    @property
    def is_dated(self) -> bool:
        """Return True when the research found the date this version took effect."""
        return self.effective_on > _UNDATED

    def in_force_text(self, received_on: date) -> str:
        """Say which version applied to a request received on a date, and why."""
        law = self.clocks["response"].citation
        if self.amended_by:
            law += f" as amended by {self.amended_by}"
        if self.is_dated:
            law += f", in force from {self.effective_on.isoformat()}"
            law += f" to {self.until.isoformat()}" if self.until else ""
        elif self.until is not None:
            law += f", in force until {self.until.isoformat()} (its start was not researched)"
        else:
            law += " (its start was not researched)"
        return f"{law} (received {received_on.isoformat()})"


def _require(table: dict, key: str, where: str):
    if key not in table:
        raise RuleDataError(f"{where}: missing {key!r}")
    return table[key]


def _choice(value, allowed, where: str):
    if value not in allowed:
        raise RuleDataError(f"{where}: {value!r} is not one of {allowed}")
    return value


def _parse_clock(name: str, raw: dict, where: str) -> Clock:
    where = f"{where}.clocks.{name}"
    _choice(name, CLOCK_NAMES, where)
    unit = _choice(_require(raw, "unit", where), UNITS, where)
    days = raw.get("days")
    if unit != "none" and not isinstance(days, int):
        raise RuleDataError(f"{where}: a {unit} clock needs integer days")
    return Clock(
        name=name,
        days=days,
        unit=unit,
        counts_from=_choice(_require(raw, "counts_from", where), COUNTS_FROM, where),
        rolls_forward=bool(_require(raw, "rolls_forward", where)),
        day_of_start_counts=bool(raw.get("day_of_start_counts", False)),
        citation=_require(raw, "citation", where),
        description=_require(raw, "description", where),
    )


def _parse_added(raw: dict, where: str) -> AddedHoliday:
    added = AddedHoliday(**raw)
    _choice(added.observe, OBSERVANCES, where)
    if added.weekday is not None:
        _choice(added.weekday, WEEKDAYS, where)
    is_fixed = added.day is not None and added.month is not None
    is_nth = added.weekday is not None and added.nth is not None and added.month is not None
    if [is_fixed, is_nth, added.easter_offset_days is not None].count(True) != 1:
        raise RuleDataError(f"{where}: give exactly one of month+day, month+weekday+nth, easter_offset_days")
    return added


def _parse_holidays(raw: dict, where: str) -> HolidaySpec:
    where = f"{where}.holidays"
    return HolidaySpec(
        country=raw.get("country") or None,
        subdiv=raw.get("subdiv") or None,
        categories=tuple(raw.get("categories", ("public",))),
        observed=bool(raw.get("observed", True)),
        remove=tuple(raw.get("remove", ())),
        optional=tuple(raw.get("optional", ())),
        saturday_observed_on_friday=bool(raw.get("saturday_observed_on_friday", True)),
        saturday_observed_on_friday_for=tuple(raw.get("saturday_observed_on_friday_for", ())),
        sunday_observed_on_monday=bool(raw.get("sunday_observed_on_monday", True)),
        sunday_observed_on_monday_for=tuple(raw.get("sunday_observed_on_monday_for", ())),
        add=tuple(_parse_added(a, f"{where}.add") for a in raw.get("add", ())),
        citation=raw.get("citation", ""),
        confidence=_choice(raw.get("confidence", "low"), CONFIDENCES, where),
        note=raw.get("note", ""),
    )


def _parse_receipt(raw: dict, where: str) -> DeemedReceipt:
    return DeemedReceipt(
        channels=tuple(_require(raw, "channels", where)),
        method=_choice(_require(raw, "method", where), DEEMED_RECEIPT_METHODS, where),
        days=int(raw.get("days", 0)),
        requires_sent_on=bool(raw.get("requires_sent_on", False)),
        citation=_require(raw, "citation", where),
        reason=_require(raw, "reason", where),
    )


def _parse_version(code: str, name: str, raw: dict, holidays: HolidaySpec, corrected: str,
                   where: str) -> JurisdictionRule:
    clocks = {n: _parse_clock(n, c, where) for n, c in _require(raw, "clocks", where).items()}
    if "response" not in clocks:
        raise RuleDataError(f"{where}: every version needs a response clock")
    ext = raw.get("extension", {})
    ext_unit = ext.get("unit")
    if ext_unit is not None:
        _choice(ext_unit, ("business", "calendar"), where)
    return JurisdictionRule(
        code=code,
        name=name,
        statute=_require(raw, "statute", where),
        citation=_require(raw, "citation", where),
        effective_on=_require(raw, "effective_on", where),
        confidence=_choice(_require(raw, "confidence", where), CONFIDENCES, where),
        note=_require(raw, "note", where),
        clocks={n: clocks[n] for n in CLOCK_NAMES if n in clocks},
        extension_days=ext.get("days"),
        extension_unit=ext_unit,
        extension_is_open_ended=bool(ext.get("is_open_ended", False)),
        deemed_receipt=tuple(_parse_receipt(r, f"{where}.deemed_receipt") for r in raw.get("deemed_receipt", ())),
        holidays=holidays,
        amended_by=raw.get("amended_by", ""),
        corrected=corrected,
    )


def parse_rules(data: dict) -> dict[str, tuple[JurisdictionRule, ...]]:
    """Turn parsed TOML into versions per code, newest first."""
    out: dict[str, tuple[JurisdictionRule, ...]] = {}
    for code, entry in data.items():
        where = code
        name = _require(entry, "name", where)
        holidays = _parse_holidays(_require(entry, "holidays", where), where)
        corrected = entry.get("corrected", "")
        if len(corrected) > MAX_CORRECTED:
            # It is appended to an audit reason, which the audit table holds in 200 characters.
            raise RuleDataError(f"{where}: 'corrected' is longer than {MAX_CORRECTED} characters")
        versions = [
            _parse_version(code, name, v, holidays, corrected, f"{where}.versions[{i}]")
            for i, v in enumerate(_require(entry, "versions", where))
        ]
        versions.sort(key=lambda v: v.effective_on, reverse=True)
        if len({v.effective_on for v in versions}) != len(versions):
            raise RuleDataError(f"{where}: two versions share an effective date")
        # Each older version ends the day before its successor takes effect.
        out[code] = tuple(
            v if newer is None else replace(v, until=newer.effective_on - timedelta(days=1))
            for newer, v in zip((None, *versions), versions)
        )
    return out


@lru_cache(maxsize=1)
def all_rules() -> dict[str, tuple[JurisdictionRule, ...]]:
    """Return every jurisdiction's versions (newest first), loaded once from rules.toml."""
    with RULES_PATH.open("rb") as fh:
        rules = parse_rules(tomllib.load(fh))
    missing = set(JURISDICTIONS) - set(rules)
    if missing:
        raise RuleDataError(f"rules.toml lacks {sorted(missing)}")
    return rules


def versions_for(code: str) -> tuple[JurisdictionRule, ...]:
    """Return a jurisdiction's rule versions, newest first."""
    try:
        return all_rules()[code]
    except KeyError:
        raise UnknownJurisdiction(f"unknown jurisdiction code {code!r}") from None


def holiday_spec(code: str) -> HolidaySpec:
    """Return the holiday-calendar spec of a jurisdiction."""
    return versions_for(code)[0].holidays


def rule_for(code: str, received_on: date) -> JurisdictionRule:
    """Return the rule version in force on the receipt date (an old request keeps the old rule)."""
    versions = versions_for(code)
    for version in versions:
        if version.effective_on <= received_on:
            return version
    raise NoRuleInForce(
        f"{code}: no rule in force on {received_on.isoformat()}; "
        f"the earliest version researched takes effect on {versions[-1].effective_on.isoformat()}"
    )
