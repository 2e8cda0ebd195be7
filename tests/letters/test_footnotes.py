"""Footnote numbering and wording: pure functions, no database."""

from datetime import date

import pytest

from foia_tracker.letters.citations import cited_ids, footnote_numbers, replace_citations
from foia_tracker.letters.footnotes import Source, footnote_text, page_reference

WASHINGTON = Source(
    agency_name="Washington County Sheriff's Office", jurisdiction_code="OR",
    jurisdiction_name="Oregon", request_reference="OR-2026-0042",
    received_on=date(2026, 3, 12), exhibit_number="OR-2026-0042-003", page_from=4, page_to=4)


def test_footnote_reads_like_the_issue_example():
    assert footnote_text(WASHINGTON) == (
        "Records produced by the Washington County Sheriff's Office (Oregon) in response to "
        "public records request OR-2026-0042, received March 12, 2026, "
        "Exhibit OR-2026-0042-003, p. 4.")


def test_federal_records_are_a_foia_request_and_page_ranges_use_pp():
    source = Source(
        agency_name="The Federal Bureau of Investigation", jurisdiction_code="US",
        jurisdiction_name="United States (federal)", request_reference="OR-2025-0007",
        received_on=date(2025, 1, 2), exhibit_number="OR-2025-0007-001", page_from=2, page_to=5)
    assert footnote_text(source) == (
        "Records produced by the Federal Bureau of Investigation (the United States) in "
        "response to Freedom of Information Act request OR-2025-0007, received January 2, 2025, "
        "Exhibit OR-2025-0007-001, pp. 2–5.")


@pytest.mark.parametrize(("pages", "expected"), [
    ((None, None), ""), ((3, None), "p. 3"), ((3, 3), "p. 3"), ((3, 9), "pp. 3–9")])
def test_page_reference(pages, expected):
    assert page_reference(*pages) == expected


def test_citations_are_numbered_in_order_of_first_citation_and_reused():
    body = "Sheriff bought Rekognition [@E31]. It cost $12,500 [@E7]. Again [@E31], new [@E2]."
    assert cited_ids(body) == [31, 7, 2]
    assert footnote_numbers(body) == {31: 1, 7: 2, 2: 3}
    assert replace_citations(body, lambda n, _id: f"^{n}") == (
        "Sheriff bought Rekognition ^1. It cost $12,500 ^2. Again ^1, new ^3.")


def test_text_that_only_looks_like_a_citation_is_left_alone():
    body = "[@E] [@Ex1] [E12] [@E12 ] [@E1234567890]"
    assert cited_ids(body) == []
