"""Clock computation: multi-stage laws, pauses, extensions, waiting clocks and the report contract."""

from datetime import date

import pytest

from foia_tracker.deadlines import (
    Extension,
    Pause,
    RequestEvents,
    business_calendar,
    compute_clocks,
    deadline_report,
    rule_for,
)

# Federal request received Mon 2026-03-02: 20 business days (no federal holiday in March) end Mon 2026-03-30.
US_RECEIVED = date(2026, 3, 2)
US_DUE = date(2026, 3, 30)


def clocks(code, received_on, closures=None, **events):
    return compute_clocks(
        rule_for(code, received_on),
        received_on=received_on,
        calendar=business_calendar(code, closures or {}),
        events=RequestEvents(**events),
    )


def test_oregon_counts_from_the_date_the_acknowledgment_was_due():
    """Run Oregon's completion clock from the acknowledgment deadline, not the actual acknowledgment."""
    # Received Mon 11-16: acknowledgment due Mon 11-23; 10 business days later, skipping Thanksgiving
    # (the day after is no ORS 187.010 legal holiday).
    early = clocks("OR", date(2026, 11, 16), acknowledged_on=date(2026, 11, 17))
    assert early["acknowledgment"].due_on == date(2026, 11, 23)
    assert early["response"].due_on == date(2026, 12, 8)
    assert clocks("OR", date(2026, 11, 16))["response"].due_on == date(2026, 12, 8)


def test_alabama_response_waits_for_the_acknowledgment():
    """Leave Alabama's 15-business-day clock open until the agency acknowledges."""
    result = clocks("AL", date(2026, 11, 16))["response"]
    assert result.due_on is None
    assert result.waiting_for == "the acknowledgment"
    assert result.days_left(date(2026, 11, 20)) is None


def test_appeal_clocks_wait_for_denial_and_appeal():
    """Present appeal clocks with no date until the denial and the appeal happen."""
    pending = clocks("US", US_RECEIVED)
    assert pending["appeal_filing"].due_on is None
    assert pending["appeal_filing"].waiting_for == "a denial"
    assert pending["appeal_decision"].waiting_for == "an appeal"
    done = clocks("US", US_RECEIVED, denied_on=date(2026, 3, 20), appeal_filed_on=date(2026, 4, 1))
    # 90 calendar days after Fri 03-20 is Thu 06-18; 20 business days after Wed 04-01 (no holiday) end Wed 04-29.
    assert done["appeal_filing"].due_on == date(2026, 6, 18)
    assert done["appeal_decision"].due_on == date(2026, 4, 29)


def test_business_pause_shifts_by_paused_business_days():
    """Toll a business-day clock by the business days the request was on hold."""
    # Hold from Tue 03-10 to Fri 03-13 stops the clock for 03-11, 03-12, 03-13: three business days.
    result = clocks("US", US_RECEIVED, pauses=(Pause(date(2026, 3, 10), date(2026, 3, 13), "fee clarification"),))
    assert result["response"].due_on == date(2026, 4, 2)
    assert any(s.kind == "paused" and "3 business days" in s.text for s in result["response"].explanation)


def test_calendar_pause_shifts_by_calendar_days():
    """Toll a calendar-day clock by the calendar days on hold, then roll forward."""
    # CA: 03-02 + 10 = Thu 03-12; hold 03-05..03-09 adds 4 days: Mon 03-16.
    result = clocks("CA", date(2026, 3, 2), pauses=(Pause(date(2026, 3, 5), date(2026, 3, 9), "clarification"),))
    assert result["response"].due_on == date(2026, 3, 16)
    # A 2-day hold lands on Sat 03-14, which rolls forward to Mon 03-16 as well; a 1-day hold gives Fri 03-13.
    one_day = clocks("CA", date(2026, 3, 2), pauses=(Pause(date(2026, 3, 5), date(2026, 3, 6), "clarification"),))
    assert one_day["response"].due_on == date(2026, 3, 13)


def test_open_pause_stops_the_clock():
    """Show no due date while a pause has not ended."""
    result = clocks("US", US_RECEIVED, pauses=(Pause(date(2026, 3, 10), None, "awaiting fee payment"),))["response"]
    assert result.due_on is None
    assert "pause" in result.waiting_for and "awaiting fee payment" in result.waiting_for


def test_pause_after_the_deadline_does_not_revive_it():
    """Ignore a pause that starts after the clock already ran out."""
    result = clocks("US", US_RECEIVED, pauses=(Pause(date(2026, 4, 6), date(2026, 4, 10), "late"),))
    assert result["response"].due_on == US_DUE


def test_unlawful_extension_is_flagged_with_lawful_date():
    """Cap a 15-business-day federal extension at the 10 days the law allows."""
    result = clocks("US", US_RECEIVED, extensions=(Extension(date(2026, 3, 20), 15, "business", "volume"),))["response"]
    assert result.is_unlawful_extension is True
    assert result.due_on == date(2026, 4, 13)
    assert "10 business days" in result.message


def test_lawful_extension_moves_the_due_date():
    """Accept an extension within the statutory maximum."""
    result = clocks("US", US_RECEIVED, extensions=(Extension(date(2026, 3, 20), 5, "business", "volume"),))["response"]
    assert result.is_unlawful_extension is False
    assert result.due_on == date(2026, 4, 6)


def test_extension_claimed_after_the_deadline_is_unlawful():
    """Refuse an extension notice sent after the response deadline passed."""
    result = clocks("US", US_RECEIVED, extensions=(Extension(date(2026, 3, 31), 5, "business", "late notice"),))["response"]
    assert result.is_unlawful_extension is True
    assert result.due_on == US_DUE


def test_extension_where_the_law_allows_none_and_where_it_is_open_ended():
    """Flag any self-granted extension in Connecticut but none in Georgia (no cap)."""
    ct = clocks("CT", US_RECEIVED, extensions=(Extension(date(2026, 3, 3), 5, "business", "busy"),))["response"]
    assert ct.is_unlawful_extension is True
    assert ct.due_on == date(2026, 3, 6)
    ga = clocks("GA", US_RECEIVED, extensions=(Extension(date(2026, 3, 3), 30, "calendar", "timeline"),))["response"]
    assert ga.is_unlawful_extension is False
    assert ga.due_on == date(2026, 4, 6)


def test_days_left_in_the_clock_unit():
    """Count business days left for business clocks and calendar days for calendar clocks."""
    us = clocks("US", US_RECEIVED)["response"]
    assert us.days_left(date(2026, 3, 27)) == 1
    assert us.days_left(US_DUE) == 0
    assert us.days_left(date(2026, 3, 31)) == -1
    ca = clocks("CA", date(2026, 3, 2))["response"]
    assert ca.days_left(date(2026, 3, 10)) == 2


def test_report_contract_for_california():
    """Return the documented JSON shape with Thanksgiving and the day after as skipped days."""
    report = deadline_report("CA", date(2026, 11, 16))
    assert report["jurisdiction"] == "CA"
    assert report["received_on"] == "2026-11-16"
    assert set(report["clocks"]) == {"response", "extended_response"}
    response = report["clocks"]["response"]
    assert {"due_on", "days", "unit", "citation", "explanation"} <= set(response)
    assert (response["due_on"], response["days"], response["unit"]) == ("2026-11-30", 10, "calendar")
    skipped = {e["on"]: e["text"] for e in response["explanation"] if e["kind"] == "skipped"}
    assert "Thanksgiving" in skipped["2026-11-26"]
    assert "Thanksgiving" in skipped["2026-11-27"]
    assert all(set(e) == {"kind", "on", "text"} for e in response["explanation"])
    assert response["explanation"][-1]["kind"] == "rolled_forward"


def test_report_waiting_clock_has_null_due_on():
    """Include a clock that needs a later event with due_on null and waiting_for."""
    report = deadline_report("NY", date(2026, 11, 16))
    assert report["clocks"]["response"]["due_on"] is None
    assert report["clocks"]["response"]["waiting_for"] == "the acknowledgment"
    assert report["clocks"]["appeal_filing"]["waiting_for"] == "a denial"


def test_report_marks_unverified_rules():
    """Mark medium and low confidence rules as unverified."""
    assert deadline_report("AL", date(2026, 11, 16))["verified"] is False
    assert deadline_report("PR", date(2026, 11, 16))["confidence"] == "low"
    assert deadline_report("US", date(2026, 11, 16))["verified"] is True


def test_report_closure_moves_due_date():
    """Shift a due date for a per-agency snow day passed as a closure."""
    plain = deadline_report("US", US_RECEIVED)["clocks"]["response"]
    snowed = deadline_report("US", US_RECEIVED, closures={date(2026, 3, 16): "Snow day"})["clocks"]["response"]
    assert plain["due_on"] == "2026-03-30"
    assert snowed["due_on"] == "2026-03-31"
    assert any(e["text"] == "Skipped 2026-03-16: Snow day" for e in snowed["explanation"])


@pytest.mark.parametrize("code", ["US", "CA", "OR", "AZ", "TX", "PR"])
def test_clock_to_json_dates_are_iso(code):
    """Serialise due dates and explanation dates as ISO strings."""
    report = deadline_report(code, date(2026, 11, 16), events=RequestEvents(denied_on=date(2026, 12, 20)))
    for clock in report["clocks"].values():
        assert clock["due_on"] is None or date.fromisoformat(clock["due_on"])
        for entry in clock["explanation"]:
            assert entry["on"] is None or date.fromisoformat(entry["on"])
