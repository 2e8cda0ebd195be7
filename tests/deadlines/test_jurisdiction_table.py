"""Hand-checked deadlines for every jurisdiction (three or more cases each).

Reference calendar used for the hand counts (weekday closures only):
  2026: Thu Nov 26 Thanksgiving everywhere; Fri Nov 27 closed in CA, DE, FL, GA, IN, MD, MN, NC,
        NV, NE, OK, PA, SC, TX, VA, WA, WV ("T+F" below), open elsewhere ("T"); Fri Dec 25 and Fri 2027-01-01
        everywhere; Thu Dec 24 closed in AR, GA, IN, NC, SC, TX, WI; Mon Dec 28 in NC; Thu Dec 31 in WI;
        Thu Nov 19 and Wed 2027-01-06 in PR; MLK Mon 2027-01-18. (Which state closes which day is
        now tested from each state's own holiday law in test_state_calendars.py.)
  2024 (leap year): Thu Feb 29 is an ordinary business day; Mon Mar 4 Casimir Pulaski Day (IL, optional: open by default);
        Tue Mar 5 Town Meeting Day (VT); Tue Feb 13 Mardi Gras (LA); Mon Feb 12 Lincoln's Birthday (CT).
Scenarios: "A" receipt Sat 2026-11-14 (weekend receipt: day 1 is Mon 11-16); "B" receipt Mon 2026-11-23
(a run over Thanksgiving); "C" receipt Mon 2026-12-21 (a run over the year end); "D" receipt Thu 2024-02-22.
Business counts from A: T 3->11-18, 4->11-19, 5->11-20, 7->11-24, 10->11-30, 15->12-07, 20->12-14;
T+F 10->12-01, 15->12-08, 20->12-15. From B: T 3->11-27, 4->11-30, 5->12-01, 7->12-03, 10->12-08, 15->12-15;
T+F 3->11-30, 4->12-01, 5->12-02, 7->12-04, 10->12-09, 15->12-16. From D: 5->02-29, 7->03-04, 10->03-07, 15->03-14.
"""

from datetime import date

import pytest

from foia_tracker.deadlines import RequestEvents, business_calendar, compute_clocks, deadline_report, rule_for

A, B, C, D = date(2026, 11, 14), date(2026, 11, 23), date(2026, 12, 21), date(2024, 2, 22)
ACK = "acknowledged_on"

# (code, received_on, clock, expected due_on, events as a dict, why)
CASES = [
    ("US", A, "response", date(2026, 12, 14), {}, "20 bd from a Saturday receipt, over Thanksgiving"),
    ("US", B, "response", date(2026, 12, 22), {}, "20 bd from B: Thanksgiving only (federal has no day-after)"),
    ("US", C, "response", date(2027, 1, 21), {}, "20 bd over Christmas, New Year and MLK Day 2027-01-18"),
    ("US", D, "extended_response", date(2024, 4, 4), {}, "20 bd to 03-21, then +10 bd (no federal holiday)"),
    ("AL", A, "acknowledgment", date(2026, 11, 24), {}, "10 calendar days from Sat 11-14 is Tue 11-24"),
    ("AL", B, "acknowledgment", date(2026, 12, 3), {}, "10 calendar days from 11-23, Thanksgiving irrelevant"),
    ("AL", B, "response", date(2026, 12, 14), {ACK: date(2026, 11, 20)}, "15 bd from the actual acknowledgment Fri 11-20, Thanksgiving skipped"),
    ("AK", A, "response", date(2026, 11, 30), {}, "10 bd T from A"),
    ("AK", B, "response", date(2026, 12, 8), {}, "10 bd T from B"),
    ("AK", D, "extended_response", date(2024, 3, 21), {}, "10 bd to 03-07 then +10 bd to 03-21 (Seward's Day is 03-25)"),
    ("AZ", A, "response", None, {}, "no statutory deadline: promptly"),
    ("AZ", B, "response", None, {}, "no statutory deadline: promptly"),
    ("AZ", D, "response", None, {}, "no statutory deadline: promptly"),
    ("AR", A, "response", date(2026, 11, 18), {}, "3 bd from a Saturday"),
    ("AR", B, "response", date(2026, 11, 27), {}, "3 bd: 11-24, 11-25, (26 Thanksgiving), 11-27"),
    ("AR", C, "response", date(2026, 12, 28), {}, "3 bd: 12-22, 12-23, 12-28 (Christmas Eve is an Ark. Code § 1-5-101 holiday)"),
    ("CA", date(2026, 11, 16), "response", date(2026, 11, 30), {}, "day 10 is Thanksgiving; rolls over day-after, Sat, Sun"),
    ("CA", A, "response", date(2026, 11, 24), {}, "10 calendar days from a Saturday, Tue 11-24 open"),
    ("CA", D, "response", date(2024, 3, 4), {}, "leap year: 02-22 + 10 days = Sun 03-03, rolls to Mon 03-04"),
    ("CA", date(2026, 6, 23), "response", date(2026, 7, 3), {}, "Sat 07-04 is not moved to Fri 07-03 for CA offices"),
    ("CA", date(2028, 10, 31), "response", date(2028, 11, 13), {}, "Veterans Day Sat 2028-11-11 IS observed Fri 11-10"),
    ("CA", date(2026, 11, 16), "extended_response", date(2026, 12, 10), {}, "10 + 14 = day 24 from receipt"),
    ("CO", A, "response", date(2026, 11, 18), {}, "3 bd from A"),
    ("CO", B, "response", date(2026, 11, 27), {}, "3 bd T from B"),
    ("CO", B, "extended_response", date(2026, 12, 8), {}, "11-27 + 7 bd"),
    ("CT", A, "response", date(2026, 11, 19), {}, "4 bd from A"),
    ("CT", date(2024, 2, 9), "response", date(2024, 2, 16), {}, "Lincoln's Birthday Mon 02-12 is a CT holiday"),
    ("CT", B, "appeal_filing", date(2026, 12, 31), {"denied_on": date(2026, 12, 1)}, "30 calendar days after the denial"),
    ("DE", A, "response", date(2026, 12, 8), {}, "15 bd T+F from A"),
    ("DE", B, "response", date(2026, 12, 16), {}, "15 bd T+F from B"),
    ("DE", D, "response", date(2024, 3, 14), {}, "15 bd over the leap day"),
    ("DE", B, "appeal_decision", date(2026, 12, 21), {"appeal_filed_on": date(2026, 12, 1)}, "20 calendar days, Mon"),
    ("DC", A, "response", date(2026, 12, 7), {}, "15 bd T from A"),
    ("DC", B, "response", date(2026, 12, 15), {}, "15 bd T from B"),
    ("DC", C, "response", date(2027, 1, 13), {}, "15 bd over Christmas and New Year"),
    ("FL", A, "response", None, {}, "no statutory deadline"),
    ("FL", date(2026, 6, 12), "response", None, {}, "no statutory deadline (follow-up checked elsewhere)"),
    ("FL", C, "response", None, {}, "no statutory deadline"),
    ("GA", A, "response", date(2026, 11, 18), {}, "3 bd from A"),
    ("GA", B, "response", date(2026, 11, 30), {}, "3 bd T+F: 11-24, 11-25, 11-30"),
    ("GA", C, "response", date(2026, 12, 28), {}, "GA closes Thu 12-24 (Washington's Birthday observed) and 12-25"),
    ("HI", A, "response", date(2026, 11, 30), {}, "10 bd T from A"),
    ("HI", A, "acknowledgment", date(2026, 11, 30), {}, "10 bd T from A"),
    ("HI", B, "extended_response", date(2026, 12, 22), {}, "12-08 + 10 bd = 20 bd after receipt"),
    ("HI", B, "appeal_filing", date(2027, 12, 1), {"denied_on": date(2026, 12, 1)}, "365 days after the denial"),
    ("ID", A, "response", date(2026, 11, 18), {}, "3 bd"),
    ("ID", B, "response", date(2026, 11, 27), {}, "3 bd T"),
    ("ID", A, "extended_response", date(2026, 11, 30), {}, "11-18 + 7 bd = 10 working days after the request"),
    ("IL", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("IL", D, "response", date(2024, 2, 29), {}, "5 bd ends on the leap day"),
    ("IL", D, "extended_response", date(2024, 3, 7), {}, "02-29 + 5 bd; Casimir Pulaski Day 03-04 is optional (state offices open)"),
    ("IL", B, "appeal_filing", date(2027, 2, 1), {"denied_on": date(2026, 12, 1)}, "60 days = Sat 2027-01-30, rolls to Mon"),
    ("IN", A, "response", date(2026, 11, 23), {}, "7 calendar days = Sat 11-21, rolls to Mon 11-23"),
    ("IN", B, "response", date(2026, 11, 30), {}, "7 calendar days = Mon 11-30"),
    ("IN", D, "response", date(2024, 2, 29), {}, "7 calendar days = the leap day"),
    ("IA", A, "response", None, {}, "no statutory deadline"),
    ("IA", B, "appeal_filing", date(2027, 2, 1), {"denied_on": date(2026, 12, 1)}, "60 days = Sat, rolls to Mon"),
    ("IA", C, "response", None, {}, "no statutory deadline"),
    ("KS", A, "response", date(2026, 11, 18), {}, "3 bd"),
    ("KS", B, "response", date(2026, 11, 27), {}, "3 bd T"),
    ("KS", C, "response", date(2026, 12, 24), {}, "3 bd: 22, 23, 24 (Christmas Eve only when the Governor designates it)"),
    ("KY", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("KY", C, "response", date(2026, 12, 29), {}, "5 bd: 22, 23, 24, 28, 29"),
    ("KY", C, "appeal_decision", date(2027, 1, 21), {"appeal_filed_on": C}, "20 bd skipping 12-25, 01-01, MLK (New Year's Eve is no KRS 2.110 holiday)"),
    ("LA", A, "response", date(2026, 11, 18), {}, "3 bd"),
    ("LA", B, "response", date(2026, 11, 27), {}, "3 bd T"),
    ("LA", date(2024, 2, 8), "response", date(2024, 2, 14), {}, "Mardi Gras Tue 2024-02-13 skipped"),
    ("ME", A, "acknowledgment", date(2026, 11, 20), {}, "5 bd"),
    ("ME", B, "response", date(2026, 12, 1), {}, "5 bd T"),
    ("ME", C, "acknowledgment", date(2026, 12, 29), {}, "5 bd over Christmas"),
    ("MD", A, "response", date(2026, 12, 14), {}, "30 calendar days = Mon 12-14"),
    ("MD", A, "acknowledgment", date(2026, 12, 1), {}, "10 bd T+F (American Indian Heritage Day 11-27)"),
    ("MD", D, "response", date(2024, 3, 25), {}, "30 days after 02-22 in a leap year = Sat 03-23, rolls to Mon"),
    ("MA", A, "response", date(2026, 11, 30), {}, "10 bd T counted from the weekend delivery date itself (no channel given)"),
    ("MA", B, "response", date(2026, 12, 8), {}, "10 bd T"),
    ("MA", C, "appeal_decision", date(2027, 1, 6), {"appeal_filed_on": C}, "10 bd over Christmas and New Year"),
    ("MI", date(2026, 11, 20), "response", date(2026, 11, 30), {}, "5 bd T: 23, 24, 25, 27, 30 (MCL 435.101 legal holidays only)"),
    ("MI", C, "response", date(2026, 12, 29), {}, "Christmas is a legal holiday, Christmas Eve is not (OAG 7172)"),
    ("MI", C, "extended_response", date(2027, 1, 13), {}, "12-29 + 10 bd skipping New Year's Day only"),
    ("MN", A, "response", None, {}, "no statutory deadline"),
    ("MN", B, "response", None, {}, "no statutory deadline"),
    ("MN", D, "response", None, {}, "no statutory deadline"),
    ("MS", A, "response", date(2026, 11, 24), {}, "7 bd"),
    ("MS", B, "response", date(2026, 12, 3), {}, "7 bd T"),
    ("MS", B, "extended_response", date(2026, 12, 14), {}, "12-03 + 7 bd = 14 working days"),
    ("MO", A, "response", date(2026, 11, 18), {}, "3 bd"),
    ("MO", B, "response", date(2026, 11, 27), {}, "3 bd T"),
    ("MO", C, "response", date(2026, 12, 24), {}, "3 bd, Christmas Eve open"),
    ("MT", A, "acknowledgment", date(2026, 11, 20), {}, "5 bd"),
    ("MT", B, "acknowledgment", date(2026, 12, 1), {}, "5 bd T"),
    ("MT", A, "response", date(2026, 11, 30), {ACK: date(2026, 11, 20)}, "5 bd after the actual acknowledgment"),
    ("NE", A, "response", date(2026, 11, 19), {}, "4 bd"),
    ("NE", B, "response", date(2026, 12, 1), {}, "4 bd T+F (Neb. Rev. Stat. § 25-2221: the day after Thanksgiving)"),
    ("NE", C, "response", date(2026, 12, 28), {}, "4 bd: 22, 23, 24, 28"),
    ("NV", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("NV", B, "response", date(2026, 12, 2), {}, "5 bd T+F (Family Day 11-27)"),
    ("NV", C, "response", date(2026, 12, 29), {}, "5 bd over Christmas"),
    ("NH", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("NH", B, "response", date(2026, 12, 1), {}, "5 bd T (the day after Thanksgiving is no RSA 288:1 holiday)"),
    ("NH", D, "response", date(2024, 2, 29), {}, "5 bd ends on the leap day"),
    ("NJ", A, "response", date(2026, 11, 24), {}, "7 bd"),
    ("NJ", B, "response", date(2026, 12, 3), {}, "7 bd T"),
    ("NJ", B, "appeal_filing", date(2027, 1, 15), {"denied_on": date(2026, 12, 1)}, "45 days under P.L. 2024, c. 16"),
    ("NM", A, "response", date(2026, 11, 30), {}, "15 calendar days = Sun 11-29, rolls to Mon"),
    ("NM", A, "acknowledgment", date(2026, 11, 18), {}, "3 bd"),
    ("NM", B, "acknowledgment", date(2026, 11, 27), {}, "3 bd T: the statute's Presidents' Day is in February (NMSA 12-5-2)"),
    ("NY", A, "acknowledgment", date(2026, 11, 20), {}, "5 bd"),
    ("NY", A, "response", date(2026, 12, 21), {ACK: date(2026, 11, 20)}, "20 bd after the acknowledgment"),
    ("NY", C, "appeal_decision", date(2027, 1, 6), {"appeal_filed_on": C}, "10 bd over the year end"),
    ("NC", A, "response", None, {}, "no statutory deadline"),
    ("NC", C, "response", None, {}, "no statutory deadline"),
    ("NC", B, "response", None, {}, "no statutory deadline"),
    ("ND", B, "response", None, {}, "no statutory deadline"),
    ("ND", B, "appeal_filing", date(2026, 12, 31), {"denied_on": date(2026, 12, 1)}, "30 days after the denial"),
    ("ND", A, "response", None, {}, "no statutory deadline"),
    ("OH", A, "response", None, {}, "no statutory deadline"),
    ("OH", C, "response", None, {}, "no statutory deadline"),
    ("OH", D, "response", None, {}, "no statutory deadline"),
    ("OK", A, "response", None, {}, "no statutory deadline"),
    ("OK", B, "response", None, {}, "no statutory deadline"),
    ("OK", C, "response", None, {}, "no statutory deadline"),
    ("OR", A, "acknowledgment", date(2026, 11, 20), {}, "5 bd"),
    ("OR", A, "response", date(2026, 12, 7), {}, "10 bd after the ack due date 11-20, skipping 11-26 (ORS 187.010)"),
    ("OR", B, "response", date(2026, 12, 15), {}, "ack due 12-01 (T), then 10 bd"),
    ("PA", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("PA", B, "extended_response", date(2027, 1, 4), {}, "12-02 + 30 days = Fri 2027-01-01, rolls to Mon 01-04"),
    ("PA", C, "appeal_filing", date(2027, 1, 13), {"denied_on": C}, "15 bd over the year end"),
    ("RI", A, "response", date(2026, 11, 30), {}, "10 bd T"),
    ("RI", B, "response", date(2026, 12, 8), {}, "10 bd T"),
    ("RI", B, "extended_response", date(2027, 1, 7), {}, "12-08 + 20 bd over Christmas and New Year"),
    ("SC", A, "acknowledgment", date(2026, 12, 1), {}, "10 bd T+F (S.C. Code § 53-5-10: the day after Thanksgiving)"),
    ("SC", B, "acknowledgment", date(2026, 12, 9), {}, "10 bd T+F"),
    ("SC", B, "response", date(2027, 1, 7), {ACK: date(2026, 12, 8)}, "30 calendar days after the notification"),
    ("SD", A, "response", date(2026, 11, 30), {}, "10 bd T"),
    ("SD", C, "response", date(2027, 1, 6), {}, "10 bd over the year end"),
    ("SD", B, "appeal_filing", date(2027, 3, 1), {"denied_on": date(2026, 12, 1)}, "90 days after 12-01 is Mon 2027-03-01"),
    ("TN", A, "response", date(2026, 11, 24), {}, "7 bd"),
    ("TN", B, "response", date(2026, 12, 3), {}, "7 bd T"),
    ("TN", D, "response", date(2024, 3, 4), {}, "7 bd over the leap day"),
    ("TX", A, "response", date(2026, 12, 1), {}, "10 bd T+F"),
    ("TX", A, "extended_response", date(2026, 12, 8), {}, "AG submission: 15th business day after receipt"),
    ("TX", C, "response", date(2027, 1, 7), {}, "TX closes Christmas Eve, Christmas, New Year's Day"),
    ("UT", A, "response", date(2026, 11, 30), {}, "10 bd T"),
    ("UT", D, "response", date(2024, 3, 7), {}, "10 bd over the leap day"),
    ("UT", C, "appeal_decision", date(2027, 1, 6), {"appeal_filed_on": C},
     "10 bd since 2017 SB 242 (Archives GRAMA Essentials 4.2): Christmas and New Year's Day skipped"),
    ("VT", A, "response", date(2026, 11, 18), {}, "3 bd"),
    ("VT", B, "response", date(2026, 11, 27), {}, "3 bd T"),
    ("VT", date(2024, 2, 29), "response", date(2024, 3, 6), {}, "received on the leap day; Town Meeting Day 03-05 skipped"),
    ("VA", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("VA", B, "response", date(2026, 12, 2), {}, "5 bd T+F"),
    ("VA", B, "extended_response", date(2026, 12, 11), {}, "12-02 + 7 bd"),
    ("WA", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("WA", B, "response", date(2026, 12, 2), {}, "5 bd T+F (Native American Heritage Day 11-27)"),
    ("WA", C, "response", date(2026, 12, 29), {}, "5 bd, Christmas Eve open"),
    ("WV", A, "response", date(2026, 11, 20), {}, "5 bd"),
    ("WV", B, "response", date(2026, 12, 2), {}, "5 bd T+F"),
    ("WV", D, "response", date(2024, 2, 29), {}, "5 bd ends on the leap day"),
    ("WI", A, "response", None, {}, "no statutory deadline"),
    ("WI", B, "response", None, {}, "no statutory deadline"),
    ("WI", C, "response", None, {}, "no statutory deadline"),
    ("WY", A, "response", date(2026, 12, 16), {ACK: date(2026, 11, 16)}, "30 days from acknowledged receipt"),
    ("WY", D, "response", date(2024, 3, 25), {ACK: D}, "leap year: 30 days = Sat 03-23, rolls to Mon"),
    ("WY", B, "response", None, {}, "no acknowledgment yet: waits"),
    ("PR", A, "response", date(2026, 12, 15), {}, "20 bd skipping Puerto Rican Identity Day 11-19 and Thanksgiving"),
    ("PR", B, "response", date(2026, 12, 22), {}, "20 bd T"),
    ("PR", date(2025, 12, 22), "response", date(2026, 1, 23), {}, "20 bd skipping 12-25, 01-01, Epiphany, MLK"),
    ("PR", D, "response", date(2024, 3, 7), {}, "Ley 141-2019 version: 10 bd"),
]


@pytest.mark.parametrize(
    "code, received_on, clock, expected, events, why",
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[5]}" for c in CASES],
)
def test_statutory_due_date(code, received_on, clock, expected, events, why):
    """Compute the due date the statute gives for the case."""
    rule = rule_for(code, received_on)
    clocks = compute_clocks(rule, received_on=received_on, calendar=business_calendar(code), events=RequestEvents(**events))
    result = clocks[clock]
    assert result.due_on == expected
    if expected is None:
        # A missing date must be explained: either no statutory deadline or a later event awaited.
        assert (result.is_statutory is False and result.followup_on is not None) or result.waiting_for


def test_every_jurisdiction_has_three_cases():
    """Cover each of the 53 jurisdictions at least three times."""
    from foia_tracker.deadlines.jurisdictions import JURISDICTIONS

    counts = {code: sum(1 for c in CASES if c[0] == code) for code in JURISDICTIONS}
    assert min(counts.values()) >= 3, {k: v for k, v in counts.items() if v < 3}


@pytest.mark.parametrize(
    "code, received_on, expected_followup",
    [
        ("AZ", A, date(2026, 11, 30)),  # 10 bd T from a Saturday
        ("FL", date(2026, 6, 12), date(2026, 6, 26)),  # FL agencies work Juneteenth (Fri 06-19)
        ("FL", A, date(2026, 12, 1)),  # FL closes the Friday after Thanksgiving
        ("NC", C, date(2027, 1, 8)),  # NC closes 12-24, 12-25, 12-28 and 01-01
        ("WI", C, date(2027, 1, 8)),  # WI closes 12-24, 12-25, 12-31 and 01-01
        ("OK", B, date(2026, 12, 9)),  # 10 bd T+F
    ],
)
def test_no_deadline_followup_is_policy(code, received_on, expected_followup):
    """Give no due date but a policy follow-up date where the law only says promptly."""
    clock = deadline_report(code, received_on)["clocks"]["response"]
    assert clock["due_on"] is None
    assert clock["is_statutory"] is False
    assert clock["followup_on"] == expected_followup.isoformat()
    assert clock["text"].startswith("no statutory deadline: promptly (")
    assert "organisation policy, not law" in clock["explanation"][-1]["text"]
