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
        assert rule.is_verified is (rule.confidence == "high")
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


def test_alabama_before_sb_270_has_no_rule():
    """Refuse, clearly, to apply SB 270 to a request received before it took effect."""
    with pytest.raises(NoRuleInForce, match="2024-10-01"):
        rule_for("AL", date(2024, 9, 30))
    assert rule_for("AL", date(2024, 10, 1)).effective_on == date(2024, 10, 1)


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


def test_parser_accepts_a_minimal_entry():
    """Parse a minimal well-formed entry."""
    rules = parse_rules(_entry())
    assert rules["XX"][0].clocks["response"].days == 5
