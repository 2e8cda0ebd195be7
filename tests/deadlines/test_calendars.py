"""Business-day calendars: package holidays, data corrections, closures and arithmetic."""

from datetime import date

import pytest

from foia_tracker.deadlines import (
    AddedHoliday,
    BusinessCalendar,
    CalendarRangeError,
    HolidaySpec,
    UnknownJurisdiction,
    business_calendar,
    holidays_for_year,
)
from foia_tracker.deadlines.counting import count_period

# The published test vector's holidays, on a calendar with no package holidays at all.
VECTOR_CLOSURES = {
    date(2010, 1, 1): "New Year's Day",
    date(2010, 1, 18): "Martin Luther King Jr. Day",
    date(2010, 4, 2): "Good Friday",
    date(2010, 7, 4): "Independence Day",
    date(2010, 11, 11): "Veterans Day",
    date(2010, 11, 25): "Thanksgiving Day",
}


@pytest.fixture
def vector_calendar():
    return BusinessCalendar("TEST", HolidaySpec(country=None), VECTOR_CLOSURES)


def test_published_vector_business_days(vector_calendar):
    """Add 30 business days to 2010-11-01 over Veterans Day and Thanksgiving."""
    assert vector_calendar.add_business_days(date(2010, 11, 1), 30) == date(2010, 12, 15)


def test_published_vector_calendar_days(vector_calendar):
    """Add 30 calendar days to 2010-11-01."""
    assert count_period(date(2010, 11, 1), 30, "calendar", vector_calendar, rolls_forward=True, day_of_start_counts=False) == date(2010, 12, 1)


def test_business_days_between_inverts_add(vector_calendar):
    """Count back the business days that add_business_days moved forward."""
    start = date(2010, 11, 1)
    for n in (1, 5, 17, 30, 250):
        end = vector_calendar.add_business_days(start, n)
        assert vector_calendar.business_days_between(start, end) == n
        assert vector_calendar.business_days_between(end, start) == -n


def test_long_span_matches_day_by_day_count():
    """Agree with a naive day-by-day walk over several years of federal holidays."""
    cal = business_calendar("US")
    start = date(2023, 12, 29)
    on, counted = start, 0
    while counted < 700:
        on = date.fromordinal(on.toordinal() + 1)
        counted += cal.is_business_day(on)
    assert cal.add_business_days(start, 700) == on


@pytest.mark.parametrize(
    "code, on, is_open, why",
    [
        ("FL", date(2026, 6, 19), True, "Florida state agencies do not close on Juneteenth (§ 110.117)"),
        ("US", date(2026, 6, 19), False, "Juneteenth is a federal legal public holiday"),
        ("FL", date(2026, 11, 27), False, "Friday after Thanksgiving is a Florida paid holiday"),
        ("FL", date(2028, 2, 15), True, "Susan B. Anthony Day closes no office"),
        ("CA", date(2028, 2, 15), True, "Susan B. Anthony Day closes no office"),
        ("CA", date(2026, 7, 3), True, "California does not move Saturday Independence Day to Friday"),
        ("US", date(2026, 7, 3), False, "federal Saturday holidays are observed Friday"),
        ("CA", date(2028, 11, 10), False, "California moves a Saturday Veterans Day to Friday"),
        ("CA", date(2026, 3, 31), False, "Cesar Chavez Day is a California state holiday"),
        ("OR", date(2026, 11, 27), True, "the day after Thanksgiving is no ORS 187.010 legal holiday (a closure where observed)"),
        ("MA", date(2026, 4, 20), False, "Patriots' Day"),
        ("MA", date(2027, 6, 18), True, "Massachusetts does not move a Saturday holiday (Juneteenth 2027) to Friday"),
        ("NY", date(2028, 2, 15), True, "Susan B. Anthony Day closes no office"),
        ("DC", date(2026, 4, 16), False, "DC Emancipation Day"),
    ],
)
def test_holiday_corrections(code, on, is_open, why):
    """Apply the data file's corrections to the package calendar."""
    assert business_calendar(code).is_business_day(on) is is_open


def test_closure_names():
    """Name weekends, holidays and agency closures."""
    cal = business_calendar("US", {date(2026, 3, 16): "Snow day"})
    assert cal.closure_name(date(2026, 11, 28)) == "Saturday"
    assert cal.closure_name(date(2026, 11, 29)) == "Sunday"
    assert cal.closure_name(date(2026, 11, 26)) == "Thanksgiving Day"
    assert cal.closure_name(date(2026, 3, 16)) == "Snow day"
    assert cal.closure_name(date(2026, 3, 17)) is None


def test_closures_shift_due_date_and_are_not_cached():
    """Let a per-agency snow day move a due date without leaking into other calendars."""
    snowed = business_calendar("US", {date(2026, 3, 16): "Snow day"})
    assert snowed.add_business_days(date(2026, 3, 2), 20) == date(2026, 3, 31)
    assert business_calendar("US").add_business_days(date(2026, 3, 2), 20) == date(2026, 3, 30)


def test_added_holiday_vocabulary():
    """Expand fixed, nth-weekday and Easter-relative additions with observance."""
    spec = HolidaySpec(
        country=None,
        add=(
            AddedHoliday("Evacuation Day", month=3, day=17, observe="sun_to_mon"),
            AddedHoliday("Last Monday of May", month=5, weekday="mon", nth=-1),
            AddedHoliday("Good Friday", easter_offset_days=-2),
            AddedHoliday("Day after Thanksgiving", month=11, weekday="thu", nth=4, offset_days=1),
            AddedHoliday("Later", month=1, day=2, since=2030),
        ),
    )
    days = holidays_for_year(spec, 2024)
    assert days[date(2024, 3, 17)] == "Evacuation Day"
    assert days[date(2024, 3, 18)] == "Evacuation Day (observed)"
    assert days[date(2024, 5, 27)] == "Last Monday of May"
    assert days[date(2024, 3, 29)] == "Good Friday"
    assert days[date(2024, 11, 29)] == "Day after Thanksgiving"
    assert date(2024, 1, 2) not in days


def test_year_2000_and_2100():
    """Count federal business days at both ends of the supported range."""
    cal = business_calendar("US")
    # Christmas Mon 2000-12-25, New Year Mon 2001-01-01 and MLK Day Mon 2001-01-15 are skipped.
    assert cal.add_business_days(date(2000, 12, 20), 20) == date(2001, 1, 22)
    # Veterans Day Thu 2100-11-11 is before the start; Thanksgiving Thu 2100-11-25 is skipped.
    assert cal.add_business_days(date(2100, 11, 15), 20) == date(2100, 12, 14)


def test_year_beyond_package_range_is_an_error():
    """Refuse to count into a year the holidays package does not cover instead of skipping no holidays."""
    with pytest.raises(CalendarRangeError):
        business_calendar("US").add_business_days(date(2100, 12, 20), 20)


def test_unknown_code_calendar():
    """Reject a calendar for an unknown jurisdiction."""
    with pytest.raises(UnknownJurisdiction):
        business_calendar("ZZ")
