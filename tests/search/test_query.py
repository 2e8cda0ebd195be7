"""Parsing what users type into input the engines always accept; snippets made safe."""

import sqlite3

import pytest

from foia_tracker.documents.search import snippet_markup
from foia_tracker.documents.search_query import (
    MAX_TERMS, fts5_expression, query_parse, websearch_text,
)


@pytest.mark.parametrize("typed, fts5, websearch", [
    ("clearview", '("clearview")', '"clearview"'),
    ("Face Recognition", '("face") AND ("recognition")', '"face" "recognition"'),
    ('"face recognition" contract', '("face recognition") AND ("contract")',
     '"face recognition" "contract"'),
    ("axon OR flock drones", '("axon" OR "flock") AND ("drones")', '"axon" or "flock" "drones"'),
    ("invoice -graykey", '(("invoice")) NOT ("graykey")', '"invoice" -"graykey"'),
    ('contract -"body cameras"', '(("contract")) NOT ("body cameras")',
     '"contract" -"body cameras"'),
    # A quote never closed is dropped: a half-typed phrase would find nothing.
    ('"unclosed phrase', '("unclosed") AND ("phrase")', '"unclosed" "phrase"'),
    ("face-recognition", '("face recognition")', '"face recognition"'),
    ("NEAR(face) text:secret", '("near face") AND ("text secret")',
     '"near face" "text secret"'),
    ("a AND b", '("a") AND ("b")', '"a" "b"'),
    ("OR face", '("face")', '"face"'),
    ('x"y"z', '("x") AND ("y") AND ("z")', '"x" "y" "z"'),
])
def test_queries_become_quoted_terms_and_our_own_operators(typed, fts5, websearch):
    parsed = query_parse(typed)
    assert fts5_expression(parsed) == fts5
    assert websearch_text(parsed) == websearch


@pytest.mark.parametrize("typed", ["", "   ", "-", '""', "OR", "AND", "***", "-contract", "()"])
def test_queries_without_a_wanted_word_are_empty(typed):
    assert query_parse(typed).is_empty


def test_the_number_of_terms_is_bounded():
    parsed = query_parse(" ".join(f"word{n}" for n in range(200)))
    assert len(parsed.groups) == MAX_TERMS


@pytest.mark.parametrize("typed", [
    '"', '(((', "NEAR(a b, 3)", "a:b", "{a b}: c", "^a", "a*", "-(x)", '" OR "' * 40,
    "caf\u0301e", "\u202e", "🙂 smile", "a + b", "'; DROP TABLE x; --",
])
def test_every_expression_is_valid_fts5(typed):
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE VIRTUAL TABLE t USING fts5(text, scope)")
    connection.execute("INSERT INTO t VALUES ('a b c', 'o1')")
    parsed = query_parse(typed)
    if not parsed.is_empty:
        connection.execute("SELECT * FROM t WHERE t MATCH ?",
                           (f'scope : "o1" AND text : ({fts5_expression(parsed)})',)).fetchall()


def test_snippets_escape_the_text_and_mark_the_hits():
    assert snippet_markup('<b>x</b> & \x02Clearview\x03 "AI"') == \
        '&lt;b&gt;x&lt;/b&gt; &amp; <mark>Clearview</mark> &#34;AI&#34;'


@pytest.mark.parametrize("raw, html", [
    ("\x03stray close", "stray close"),
    ("\x02never closed", "<mark>never closed</mark>"),
    ("\x02a\x02b\x03\x03", "<mark>ab</mark>"),
    (None, ""),
])
def test_snippet_marks_are_always_balanced(raw, html):
    assert snippet_markup(raw) == html
