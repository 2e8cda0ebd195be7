"""Rule data: completeness, vocabulary and effective-date versions."""

from datetime import date

import pytest

from foia_tracker.deadlines import (
    CLOCK_NAMES,
    NoRuleInForce,
    RuleDataError,
    UnknownJurisdiction,
    all_rules,
    rule_for,
)
from foia_tracker.deadlines.jurisdictions import JURISDICTIONS
from foia_tracker.deadlines.rules import parse_rules


def test_every_jurisdiction_has_rules():
    """Provide rules for exactly the 53 known jurisdictions."""
    assert set(all_rules()) == set(JURISDICTIONS)
    assert len(all_rules()) == 53


@pytest.mark.parametrize("code", list(JURISDICTIONS))
def test_rule_fields_are_complete(code):
    """Give each version a name, citation, confidence and well-formed clocks."""
    for rule in all_rules()[code]:
        assert rule.name == JURISDICTIONS[code].name
        assert rule.citation and rule.statute and rule.note
        assert rule.is_verified is (rule.confidence == "high" and rule.holidays.confidence == "high")
        # A calendar rated high names the law it was read from; every calendar says what it knows.
        assert rule.holidays.note
        assert rule.holidays.citation or rule.holidays.confidence == "low"
        assert "response" in rule.clocks
        assert list(rule.clocks) == [n for n in CLOCK_NAMES if n in rule.clocks]
        for clock in rule.clocks.values():
            assert clock.citation and clock.description
            assert (clock.days is None) is (clock.unit == "none")


@pytest.mark.parametrize(
    "code, confidence",
    [("AL", "medium"), ("AK", "medium"), ("AR", "medium"), ("ID", "medium"), ("MT", "medium"),
     ("OK", "medium"), ("UT", "medium"), ("WY", "medium"), ("US", "high"), ("CA", "high")],
)
def test_confidence_follows_the_research(code, confidence):
    """Carry the research's confidence rating for the current version."""
    assert rule_for(code, date(2026, 11, 16)).confidence == confidence


def test_new_jersey_appeal_window_changes_on_2024_09_03():
    """Apply the 45-day window from P.L. 2024, c. 16 only to requests received from its effective date."""
    assert rule_for("NJ", date(2024, 9, 2)).clocks["appeal_filing"].days == 60
    assert rule_for("NJ", date(2024, 9, 3)).clocks["appeal_filing"].days == 45


def test_puerto_rico_ley_156_2025():
    """Keep the 10-business-day term for requests sent before the 2025 amendment."""
    assert rule_for("PR", date(2025, 12, 12)).clocks["response"].days == 10
    new = rule_for("PR", date(2025, 12, 13))
    assert new.clocks["response"].days == 20
    assert new.is_verified is False


def test_california_citation_follows_recodification():
    """Cite the former section for requests before the 2023 recodification."""
    assert rule_for("CA", date(2022, 12, 31)).clocks["response"].citation == "Cal. Gov. Code § 6253(c)"
    assert rule_for("CA", date(2023, 1, 1)).clocks["response"].citation == "Cal. Gov. Code § 7922.535(a)"


def test_alabama_before_sb_270_has_no_fixed_deadline():
    """Apply no fixed deadline, not SB 270, to a request received before SB 270 took effect."""
    before = rule_for("AL", date(2024, 9, 30))
    assert before.clocks["response"].unit == "none" and "acknowledgment" not in before.clocks
    assert rule_for("AL", date(2024, 10, 1)).effective_on == date(2024, 10, 1)


def test_a_request_before_any_researched_text_has_no_rule():
    """Refuse, clearly, to apply Ley 141-2019 to a request received before it took effect."""
    with pytest.raises(NoRuleInForce, match="2019-08-01"):
        rule_for("PR", date(2019, 7, 31))


def test_kentucky_hb_312_five_days_from_2021_06_29():
    """Apply 3 days before 2021 HB 312 and 5 days from its effective date (AG advisory; Mondaq 2021-06-22)."""
    assert rule_for("KY", date(2021, 6, 28)).clocks["response"].days == 3
    assert rule_for("KY", date(2021, 6, 28)).is_verified is False
    current = rule_for("KY", date(2021, 6, 29))
    assert current.clocks["response"].days == 5
    assert current.in_force_text(date(2022, 3, 1)) == (
        "KRS 61.880(1) as amended by 2021 HB 312 (Acts ch. 160), in force from 2021-06-29 (received 2022-03-01)")


def test_texas_hb_3033_version_and_the_one_before():
    """Date the § 552.0031 business-day definition 2023-09-01 (HB 3033 enrolled, Legiscan status)."""
    assert rule_for("TX", date(2023, 9, 1)).amended_by.startswith("2023 HB 3033")
    before = rule_for("TX", date(2023, 8, 31))
    assert before.until == date(2023, 8, 31)
    assert before.in_force_text(date(2023, 8, 31)).endswith(
        "in force until 2023-08-31 (its start was not researched) (received 2023-08-31)")


def test_unknown_jurisdiction():
    """Raise a ValueError subclass for an unknown code."""
    with pytest.raises(UnknownJurisdiction):
        rule_for("XX", date(2026, 1, 1))
    assert issubclass(UnknownJurisdiction, ValueError)


def _entry(**clock):
    base = {"unit": "business", "days": 5, "counts_from": "receipt", "rolls_forward": True,
            "citation": "c", "description": "d"}
    base.update(clock)
    return {"XX": {"name": "X", "holidays": {}, "versions": [{
        "effective_on": date(2000, 1, 1), "statute": "s", "citation": "c", "confidence": "high", "note": "n",
        "clocks": {"response": base}}]}}


@pytest.mark.parametrize(
    "bad",
    [{"unit": "weeks"}, {"counts_from": "whenever"}, {"days": None}, {"confidence_typo": 1, "unit": "fortnight"}],
)
def test_parser_rejects_vocabulary_errors(bad):
    """Reject rule data outside the documented vocabulary."""
    with pytest.raises(RuleDataError):
        parse_rules(_entry(**bad))


def test_parser_rejects_an_unknown_calendar_confidence():
    """Reject a holiday calendar rated outside high/medium/low."""
    entry = _entry()
    entry["XX"]["holidays"] = {"confidence": "sure"}
    with pytest.raises(RuleDataError):
        parse_rules(entry)


def test_parser_rejects_a_correction_note_too_long_for_the_audit_trail():
    """Keep each rule-data correction short enough to fit an audit reason."""
    entry = _entry()
    entry["XX"]["corrected"] = "x" * 121
    with pytest.raises(RuleDataError, match="corrected"):
        parse_rules(entry)


def test_parser_accepts_a_minimal_entry():
    """Parse a minimal well-formed entry."""
    rules = parse_rules(_entry())
    assert rules["XX"][0].clocks["response"].days == 5
