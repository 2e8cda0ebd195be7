"""The iCalendar writer: escaping, 75-octet folding that keeps UTF-8 whole, the document shape."""

from datetime import date, datetime, timezone

import pytest

from foia_tracker.calendar_feed.ics import AllDayEvent, calendar_document, escape_text, fold

from .icsparse import content_lines, events, unescape

STAMP = datetime(2026, 11, 16, 14, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("raw, escaped", [
    ("plain", "plain"),
    ("a,b", "a\\,b"),
    ("a;b", "a\\;b"),
    ("C:\\path", "C:\\\\path"),
    ("one\ntwo", "one\\ntwo"),
    ("one\r\ntwo\rthree", "one\\ntwo\\nthree"),
    ("\\,", "\\\\\\,"),
    ("bell\x07 and tab\t", "bell and tab\t"),
    ("Sheriff's Office: \"quoted\"", "Sheriff's Office: \"quoted\""),
])
def test_escape_text(raw, escaped):
    assert escape_text(raw) == escaped


@pytest.mark.parametrize("raw", ["a,b;c\\d\ne", "\\n is not a newline", "ends with \\"])
def test_unescape_inverts_escape(raw):
    assert unescape(escape_text(raw)) == raw


@pytest.mark.parametrize("line", ["", "x" * 75, "é" * 37 + "x"])
def test_lines_of_75_octets_or_fewer_are_not_folded(line):
    assert fold(line) == line


@pytest.mark.parametrize("char", ["é", "監", "📹"])
@pytest.mark.parametrize("offset", range(4))
def test_folding_never_splits_a_multibyte_character(char, offset):
    line = "SUMMARY:" + "a" * offset + char * 90
    folded = fold(line)
    physical = folded.encode().split(b"\r\n")
    assert len(physical) > 1
    for index, piece in enumerate(physical):
        assert len(piece) <= 75
        piece.decode("utf-8")  # a split character would raise here
        assert piece.startswith(b" ") == (index > 0)
    assert folded.replace("\r\n ", "") == line


def test_folding_fills_each_line_to_75_octets():
    folded = fold("x" * 200).split("\r\n")
    assert [len(piece) for piece in folded] == [75, 75, 52]


def test_the_document_has_crlf_lines_and_one_vevent_per_event():
    document = calendar_document([
        AllDayEvent(uid="a@x", on=date(2026, 11, 30), summary="Due, today; really",
                    description="line one\nline two", url="http://x/requests/1"),
        AllDayEvent(uid="b@x", on=date(2026, 12, 31), summary="Year end", description=""),
    ], name="FOIA deadlines: ACLU, Oregon", stamped_at=STAMP)
    lines = content_lines(document)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and "X-WR-CALNAME:FOIA deadlines: ACLU\\, Oregon" in lines
    first, second = events(document)
    assert first == {
        "UID": "a@x", "DTSTAMP": "20261116T143000Z", "DTSTART;VALUE=DATE": "20261130",
        "DTEND;VALUE=DATE": "20261201", "SUMMARY": "Due, today; really",
        "DESCRIPTION": "line one\nline two", "URL": "http://x/requests/1", "TRANSP": "TRANSPARENT",
    }
    assert second["DTEND;VALUE=DATE"] == "20270101" and "URL" not in second


def test_the_stamp_is_written_in_utc():
    from zoneinfo import ZoneInfo

    local = datetime(2026, 11, 16, 6, 30, tzinfo=ZoneInfo("America/Los_Angeles"))
    document = calendar_document(
        [AllDayEvent(uid="a", on=date(2026, 1, 1), summary="s", description="d")], name="n",
        stamped_at=local)
    assert events(document)[0]["DTSTAMP"] == "20261116T143000Z"


def test_a_naive_stamp_is_refused():
    with pytest.raises(ValueError):
        calendar_document([], name="n", stamped_at=datetime(2026, 11, 16))
