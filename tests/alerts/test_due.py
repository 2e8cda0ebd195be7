"""Pure date logic of alerts: local digest time, due today in the user's zone, buckets."""

from datetime import date, datetime, timezone

import pytest

from foia_tracker.alerts.due import (
    DueItem, SweepCalendars, bucket, business_days_overdue, digest_sections, escalations, items_due_on,
    user_clock)

LA = "America/Los_Angeles"


@pytest.mark.parametrize("now, is_time, local_today", [
    (datetime(2026, 12, 2, 15, 59, tzinfo=timezone.utc), False, date(2026, 12, 2)),  # 07:59 PST
    (datetime(2026, 12, 2, 16, 0, tzinfo=timezone.utc), True, date(2026, 12, 2)),    # 08:00 PST
    (datetime(2026, 7, 1, 14, 59, tzinfo=timezone.utc), False, date(2026, 7, 1)),    # 07:59 PDT
    (datetime(2026, 7, 1, 15, 0, tzinfo=timezone.utc), True, date(2026, 7, 1)),      # 08:00 PDT
    (datetime(2026, 12, 3, 3, 0, tzinfo=timezone.utc), True, date(2026, 12, 2)),     # 19:00 the day before
])
def test_the_digest_hour_is_the_users_local_hour_across_daylight_saving(now, is_time, local_today):
    clock = user_clock(now, LA, 8)
    assert (clock.is_digest_time, clock.local_today) == (is_time, local_today)


def item(due_on, jurisdiction="CA"):
    return DueItem(1, "OR-2026-0001", "T", "Agency", jurisdiction, "response", due_on, "cite")


@pytest.mark.parametrize("due_on, expected", [
    (date(2026, 11, 20), "overdue"),
    (date(2026, 11, 23), "today"),
    (date(2026, 11, 25), "soon"),      # 2 business days ahead
    (date(2026, 11, 30), "soon"),      # 3 business days: Thanksgiving and the day after skipped
    (date(2026, 12, 1), None),
])
def test_buckets_count_the_lead_time_in_business_days(due_on, expected):
    assert bucket(item(due_on), date(2026, 11, 23), 3) == expected


def test_business_days_overdue_skips_holidays():
    assert business_days_overdue(item(date(2026, 11, 24)), date(2026, 11, 30)) == 2
    assert business_days_overdue(item(date(2026, 11, 30)), date(2026, 11, 30)) == 0


def _items(*due_ons_and_jurisdictions):
    return [DueItem(n, f"OR-2026-{n:04d}", "T", "Agency", jurisdiction, "response", due_on, "cite")
            for n, (due_on, jurisdiction) in enumerate(sorted(due_ons_and_jurisdictions), start=1)]


#: Due dates around Thanksgiving 2026 in California (which also closes the Friday after) and
#: under the federal calendar (which does not), so the same date is soon in one and not the other.
MIXED = _items(*[(date(2026, 11, day), code) for day in (16, 20, 20, 23, 23, 24, 25, 27, 30)
                 for code in ("CA", "US")], (date(2026, 12, 1), "CA"), (date(2026, 12, 8), "US"))


@pytest.mark.parametrize("lead_business_days", [1, 3, 10])
def test_digest_sections_are_the_buckets_of_items_in_due_date_order(lead_business_days):
    today = date(2026, 11, 23)
    expected = {}
    for item in MIXED:
        name = bucket(item, today, lead_business_days)
        if name:
            expected.setdefault(name, []).append(item)
    sections = digest_sections(MIXED, today, lead_business_days, SweepCalendars())
    assert sections == expected and list(sections) == [
        name for name in ("overdue", "today", "soon") if name in expected]


def test_the_federal_and_california_horizons_differ_over_thanksgiving():
    sections = digest_sections(MIXED, date(2026, 11, 23), 3, SweepCalendars())
    assert (date(2026, 11, 30), "CA") in {(i.due_on, i.jurisdiction) for i in sections["soon"]}
    assert (date(2026, 11, 30), "US") not in {(i.due_on, i.jurisdiction) for i in sections["soon"]}


def test_no_items_means_no_sections():
    assert digest_sections([], date(2026, 11, 23), 3, SweepCalendars()) == {}


def test_escalations_are_the_items_overdue_past_the_threshold_with_their_days():
    today = date(2026, 11, 30)
    calendars = SweepCalendars()
    expected = [(item, business_days_overdue(item, today)) for item in MIXED
                if business_days_overdue(item, today) > 3]
    assert escalations(MIXED, today, 3, calendars) == expected
    assert {(item.due_on.day, item.jurisdiction, days) for item, days in expected} == {
        (16, "CA", 8), (16, "US", 9), (20, "CA", 4), (20, "US", 5), (23, "US", 4)}


def test_items_due_on_a_day_are_picked_from_items_in_due_date_order():
    assert [(i.due_on.day, i.jurisdiction) for i in items_due_on(MIXED, date(2026, 11, 20))] == [
        (20, "CA"), (20, "CA"), (20, "US"), (20, "US")]
    assert items_due_on(MIXED, date(2026, 11, 21)) == []
