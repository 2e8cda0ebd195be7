"""Pure date logic of alerts: local digest time, due today in the user's zone, buckets."""

from datetime import date, datetime, timezone

import pytest

from foia_tracker.alerts.due import DueItem, bucket, business_days_overdue, user_clock

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
