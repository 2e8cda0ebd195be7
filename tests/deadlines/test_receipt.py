"""Receipt dates: local dates at the seat of government and deemed-receipt rules."""

from datetime import date, datetime, timezone

import pytest

from foia_tracker.deadlines import business_calendar, deadline_report, deemed_received_on, local_receipt_date, rule_for


def deemed(code, delivered_on, channel, sent_on=None):
    return deemed_received_on(
        rule_for(code, delivered_on),
        delivered_on=delivered_on,
        channel=channel,
        calendar=business_calendar(code),
        sent_on=sent_on,
    )


@pytest.mark.parametrize(
    "received_at, code, expected",
    [
        # 03:30 UTC on 11-17 is still the evening of 11-16 in Sacramento (PST, UTC-8) and Albany (EST, UTC-5).
        (datetime(2026, 11, 17, 3, 30, tzinfo=timezone.utc), "CA", date(2026, 11, 16)),
        (datetime(2026, 11, 17, 3, 30, tzinfo=timezone.utc), "NY", date(2026, 11, 16)),
        # 05:30 UTC is past midnight in New York but not in California.
        (datetime(2026, 11, 17, 5, 30, tzinfo=timezone.utc), "NY", date(2026, 11, 17)),
        (datetime(2026, 11, 17, 5, 30, tzinfo=timezone.utc), "CA", date(2026, 11, 16)),
        # Puerto Rico is UTC-4 all year: 03:59 UTC is 23:59 the day before.
        (datetime(2026, 7, 1, 3, 59, tzinfo=timezone.utc), "PR", date(2026, 6, 30)),
        (datetime(2026, 7, 1, 4, 0, tzinfo=timezone.utc), "PR", date(2026, 7, 1)),
    ],
)
def test_local_receipt_date_across_midnight_utc(received_at, code, expected):
    """Convert an aware timestamp to the local date of the jurisdiction."""
    assert local_receipt_date(received_at, code) == expected


def test_local_receipt_date_rejects_naive_timestamps():
    """Refuse a timestamp without a zone, whose date would be ambiguous."""
    with pytest.raises(ValueError):
        local_receipt_date(datetime(2026, 11, 17, 3, 30), "CA")


def test_michigan_email_received_one_business_day_after_sending():
    """Treat a Friday e-mail to a Michigan body as received the next Monday."""
    on, reason = deemed("MI", date(2026, 11, 20), "email")
    assert on == date(2026, 11, 23)
    assert "MCL 15.235(1)" in reason


def test_michigan_email_before_thanksgiving_skips_the_holiday():
    """Skip Thanksgiving, a legal holiday, when deeming a Wednesday e-mail received (MCL 15.232, 435.101)."""
    # The day after Thanksgiving is a state-employee holiday, not an MCL 435.101 legal holiday (OAG 7172).
    assert deemed("MI", date(2026, 11, 25), "email")[0] == date(2026, 11, 27)


def test_michigan_portal_is_received_on_delivery():
    """Leave non-e-mail channels at the delivery date."""
    assert deemed("MI", date(2026, 11, 20), "portal") == (date(2026, 11, 20), None)


def test_massachusetts_closed_day_receipt_moves_to_next_business_day():
    """Treat a Saturday request to a Massachusetts office as received Monday."""
    on, reason = deemed("MA", date(2026, 11, 14), "email")
    assert on == date(2026, 11, 16)
    assert "950 CMR 32.03(3)" in reason
    assert deemed("MA", date(2026, 11, 17), "email") == (date(2026, 11, 17), None)


def test_massachusetts_report_counts_from_deemed_receipt():
    """Count Massachusetts' 10 business days from the Monday after a Saturday delivery."""
    report = deadline_report("MA", date(2026, 11, 14), channel="email")
    assert report["received_on"] == "2026-11-16"
    # Day 1 is Tue 11-17; Thanksgiving skipped: day 10 is Tue 12-01 (not Mon 11-30 as from the Saturday).
    assert report["clocks"]["response"]["due_on"] == "2026-12-01"
    assert report["clocks"]["response"]["explanation"][0]["kind"] == "deemed_receipt"


def test_texas_mail_with_unprovable_receipt():
    """Deem a Texas mailed request received on the 3rd business day after the postmark."""
    on, reason = deemed("TX", date(2026, 11, 30), "mail", sent_on=date(2026, 11, 19))
    assert on == date(2026, 11, 24)
    assert "552.301(a-1)" in reason
    assert deemed("TX", date(2026, 11, 30), "mail") == (date(2026, 11, 30), None)


def test_puerto_rico_counts_from_the_date_sent():
    """Start Puerto Rico's term on the date the requester sent the request."""
    on, reason = deemed("PR", date(2026, 11, 17), "email", sent_on=date(2026, 11, 14))
    assert on == date(2026, 11, 14)
    assert reason
    report = deadline_report("PR", date(2026, 11, 17), channel="email", sent_on=date(2026, 11, 14))
    # 20 business days from Sat 11-14, skipping Puerto Rican Identity Day 11-19 and Thanksgiving: Tue 12-15.
    assert report["clocks"]["response"]["due_on"] == "2026-12-15"


def test_unknown_channel_is_rejected():
    """Reject a channel the app does not use."""
    with pytest.raises(ValueError):
        deemed("MI", date(2026, 11, 20), "pigeon")
