"""Business-day calendars: package holidays, data corrections and per-agency closures."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

import holidays as holidays_pkg
from dateutil.easter import easter

from .rules import AddedHoliday, HolidaySpec, holiday_spec

_OBSERVED_SUFFIX = " (observed)"
_WEEKDAY_INDEX = {n: i for i, n in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_WEEKEND_NAMES = ("Saturday", "Sunday")
_NO_CLOSURES: Mapping[date, str] = MappingProxyType({})
_OBSERVED_BY_AGENCY = "closed (observed by this agency)"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))


def _added_dates(added: AddedHoliday, year: int) -> list[tuple[date, str]]:
    if (added.since is not None and year < added.since) or (added.until is not None and year > added.until):
        return []
    if added.easter_offset_days is not None:
        on = easter(year) + timedelta(days=added.easter_offset_days)
    elif added.weekday is not None:
        on = _nth_weekday(year, added.month, _WEEKDAY_INDEX[added.weekday], added.nth)
    else:
        on = date(year, added.month, added.day)
    on += timedelta(days=added.offset_days)
    out = [(on, added.name)]
    if added.observe != "none" and on.weekday() == 6:
        out.append((on + timedelta(days=1), added.name + _OBSERVED_SUFFIX))
    elif added.observe == "sat_to_fri_sun_to_mon" and on.weekday() == 5:
        out.append((on - timedelta(days=1), added.name + _OBSERVED_SUFFIX))
    elif added.observe == "sat_sun_to_mon" and on.weekday() == 5:
        out.append((on + timedelta(days=2), added.name + _OBSERVED_SUFFIX))
    return out


class CalendarRangeError(ValueError):
    """Raised for a year the `holidays` package does not cover (it would silently return no holidays)."""


@lru_cache(maxsize=None)
def _package_year(country: str, subdiv: str | None, categories: tuple[str, ...], observed: bool,
                  year: int) -> Mapping[date, str]:
    # A pure function of the pinned package, so caching per process is safe.
    entity = holidays_pkg.country_holidays(country)
    if not entity.start_year <= year <= entity.end_year:
        raise CalendarRangeError(
            f"the holidays package covers {entity.start_year}-{entity.end_year}; "
            f"no calendar for {year}"
        )
    return MappingProxyType(dict(holidays_pkg.country_holidays(
        country, subdiv=subdiv, years=year, categories=categories, observed=observed)))


def _actual_names(spec: HolidaySpec, on: date) -> list[str]:
    """Return the names of the package holidays on a date itself, not moved there."""
    names = _package_year(spec.country, spec.subdiv, spec.categories, False, on.year).get(on, "")
    return names.split("; ") if names else []


def _is_unmoved(name: str, on: date, spec: HolidaySpec) -> bool:
    """Return True for a package observance of a weekend holiday that this law leaves in place."""
    if not name.endswith(_OBSERVED_SUFFIX):
        return False
    plain = name.removesuffix(_OBSERVED_SUFFIX)
    if on.weekday() == 4 and not spec.saturday_observed_on_friday:
        # Only a Saturday holiday moved back to this Friday is dropped; other observances stay.
        # That Saturday may be in the next year (New Year's Day observed on 31 December).
        return (plain in _actual_names(spec, on + timedelta(days=1))
                and plain not in spec.saturday_observed_on_friday_for)
    if on.weekday() == 0 and not spec.sunday_observed_on_monday:
        return (plain in _actual_names(spec, on - timedelta(days=1))
                and plain not in spec.sunday_observed_on_monday_for)
    return False


def _split_year(spec: HolidaySpec, year: int) -> tuple[dict[date, str], dict[date, str]]:
    """Return (closed days, days the law leaves open unless the office closes) of one year."""
    base: Mapping[date, str] = {}
    if spec.country:
        base = _package_year(spec.country, spec.subdiv, spec.categories, spec.observed, year)
    closed: dict[date, str] = {}
    open_unless: dict[date, str] = {}
    for on, names in base.items():
        for name in names.split("; "):
            plain = name.removesuffix(_OBSERVED_SUFFIX)
            if plain in spec.remove:
                continue
            days = open_unless if plain in spec.optional or _is_unmoved(name, on, spec) else closed
            days[on] = f"{days[on]}; {name}" if on in days else name
    if spec.country and not spec.observed:
        # The observances the package would make, so an office that keeps one is explained as such.
        moved = _package_year(spec.country, spec.subdiv, spec.categories, True, year)
        for on, names in moved.items():
            for name in names.split("; "):
                plain = name.removesuffix(_OBSERVED_SUFFIX)
                if name != plain and plain not in spec.remove:
                    open_unless[on] = f"{open_unless[on]}; {name}" if on in open_unless else name
    for added in spec.add:
        for on, name in _added_dates(added, year):
            if on.year == year:
                closed[on] = f"{closed[on]}; {name}" if on in closed else name
    return closed, open_unless


def holidays_for_year(spec: HolidaySpec, year: int) -> dict[date, str]:
    """Return the closed days of one year: package holidays, minus removals, plus additions."""
    return _split_year(spec, year)[0]


@lru_cache(maxsize=None)
def _jurisdiction_year(code: str, year: int) -> tuple[dict[date, str], dict[date, str]]:
    # A pure function of the pinned package and rules.toml, so caching per process is safe.
    return _split_year(holiday_spec(code), year)


def _weekdays_through(ordinal: int) -> int:
    # Ordinal 1 (0001-01-01) is a Monday, so weeks align with ordinal multiples of 7.
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def _add_weekdays(ordinal: int, n: int) -> int:
    """Return the ordinal n weekdays after `ordinal` (n >= 1; the start itself never counts)."""
    weekday = (ordinal - 1) % 7
    if weekday >= 5:
        ordinal -= weekday - 4
        weekday = 4
    weeks, rest = divmod(n, 5)
    ordinal += weeks * 7 + rest
    if weekday + rest >= 5:
        ordinal += 2
    return ordinal


class BusinessCalendar:
    """Days a jurisdiction's offices are closed: weekends, holidays and extra closures."""

    def __init__(self, code: str, spec: HolidaySpec | None = None, closures: Mapping[date, str] | None = None):
        self.code = code
        self._spec = spec
        self._closures: dict[int, dict[date, str]] = {}
        for on, name in (closures or {}).items():
            self._closures.setdefault(on.year, {})[on] = name
        self._years: dict[int, tuple[dict[date, str], list[int]]] = {}
        # Weekday closures of the contiguous span of loaded years, for bisect-based counting.
        self._ordinals: list[int] = []
        self._span_first = self._span_last = 0

    def _year(self, year: int) -> tuple[dict[date, str], list[int]]:
        got = self._years.get(year)
        if got is None:
            base, open_unless = (_jurisdiction_year(self.code, year) if self._spec is None
                                 else _split_year(self._spec, year))
            names = dict(base)
            for on, name in self._closures.get(year, {}).items():
                if on in open_unless:
                    # The law leaves this day open; the office chose to close for it.
                    name = f"{open_unless[on]}: {_OBSERVED_BY_AGENCY}"
                names[on] = f"{names[on]}; {name}" if on in names else name
            weekday_ordinals = sorted(d.toordinal() for d in names if d.weekday() < 5)
            got = self._years[year] = (names, weekday_ordinals)
        return got

    def closure_name(self, on: date) -> str | None:
        """Return why the office is closed on a date (holiday, closure or weekend), or None if open."""
        name = self._year(on.year)[0].get(on)
        if name:
            return name
        weekday = on.weekday()
        return _WEEKEND_NAMES[weekday - 5] if weekday >= 5 else None

    def is_business_day(self, on: date) -> bool:
        """Return True when the office is open on a date."""
        return on.weekday() < 5 and on not in self._year(on.year)[0]

    def _cover(self, first: int, last: int) -> None:
        """Make the bisect span cover ordinals first..last."""
        if self._span_last:
            first = min(first, self._span_first)
            last = max(last, self._span_last)
        first_year, last_year = date.fromordinal(first).year, date.fromordinal(last).year
        ordinals: list[int] = []
        for year in range(first_year, last_year + 1):
            ordinals.extend(self._year(year)[1])
        self._ordinals = ordinals
        self._span_first = date(first_year, 1, 1).toordinal()
        self._span_last = date(last_year, 12, 31).toordinal()

    def _holidays_between(self, after: int, through: int) -> int:
        """Count weekday closures with after < ordinal <= through."""
        if after + 1 < self._span_first or through > self._span_last:
            self._cover(after + 1, through)
        ordinals = self._ordinals
        return bisect_right(ordinals, through) - bisect_right(ordinals, after)

    def add_business_days(self, start: date, n: int) -> date:
        """Return the n-th business day after start (start itself is day 0); n <= 0 returns start."""
        if n <= 0:
            return start
        after = start.toordinal()
        target = _add_weekdays(after, n)
        missing = self._holidays_between(after, target)
        while missing:
            after, target = target, _add_weekdays(target, missing)
            missing = self._holidays_between(after, target)
        return date.fromordinal(target)

    def business_days_between(self, start: date, end: date) -> int:
        """Return business days in (start, end]; negative when end precedes start."""
        a, b = start.toordinal(), end.toordinal()
        if b < a:
            return -self.business_days_between(end, start)
        return _weekdays_through(b) - _weekdays_through(a) - self._holidays_between(a, b)

    def roll_forward(self, on: date) -> date:
        """Return the date itself if a business day, else the next business day."""
        while not self.is_business_day(on):
            on += timedelta(days=1)
        return on

    def next_business_day(self, on: date) -> date:
        """Return the first business day strictly after a date."""
        return self.add_business_days(on, 1)

    def closed_days_between(self, start: date, end: date) -> list[tuple[date, str]]:
        """Return (date, reason) for each closed day in (start, end]."""
        out = []
        on = start + timedelta(days=1)
        while on <= end:
            name = self.closure_name(on)
            if name:
                out.append((on, name))
            on += timedelta(days=1)
        return out


def business_calendar(code: str, closures: Mapping[date, str] = _NO_CLOSURES) -> BusinessCalendar:
    """Return a jurisdiction's calendar, with extra closure days (date -> name) layered on top."""
    holiday_spec(code)
    return BusinessCalendar(code, None, closures)
