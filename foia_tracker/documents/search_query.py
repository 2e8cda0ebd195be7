"""The search box's query language: what a user types, parsed and rebuilt for each engine.

Words, "quoted phrases", OR between terms and -exclusions; anything else is ignored. The parsed
query is rebuilt as input the database engine always accepts (FTS5 MATCH syntax on SQLite,
websearch_to_tsquery on PostgreSQL): whatever a user types, the engine never sees an operator
that did not come from us.
"""

import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 500
#: Terms past this many are ignored: no one types more, and each costs the engine a lookup.
MAX_TERMS = 32

# A quoted phrase (an unclosed quote runs to the end), or a run of anything but space and quotes.
_TERM = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# What the engines index as words: letters and digits; everything else separates them.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """A word or phrase, as its words; excluded when typed with a leading minus."""

    words: tuple[str, ...]
    is_excluded: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    #: Every group must match; a group matches when any of its terms does (OR).
    groups: tuple[tuple[Term, ...], ...]
    excluded: tuple[Term, ...]
    #: Whether a quote was never closed, and so dropped: its words are searched one by one.
    dropped_quote: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups


def query_parse(query: str) -> ParsedQuery:
    """Parse what a user typed; anything but words, phrases, OR, AND and minus is ignored."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    wants_or = False
    query, dropped_quote = _unclosed_quote_dropped(unicodedata.normalize("NFC", query))
    for match in _TERM.finditer(query):
        minus, phrase, bare_minus, bare = match.groups()
        if phrase is None and bare == "OR" and not bare_minus:
            wants_or = bool(groups)
            continue
        if phrase is None and bare == "AND" and not bare_minus:
            continue  # what the words do anyway
        words = tuple(_WORD.findall((phrase if phrase is not None else bare).lower()))
        if not words or len(groups) + len(excluded) >= MAX_TERMS:
            continue
        if minus or bare_minus:
            excluded.append(Term(words, is_excluded=True))
        elif wants_or:
            groups[-1].append(Term(words))
        else:
            groups.append([Term(words)])
        wants_or = False
    return ParsedQuery(tuple(tuple(group) for group in groups), tuple(excluded), dropped_quote)


def _unclosed_quote_dropped(query: str) -> tuple[str, bool]:
    # A phrase running to the end of the query mostly finds nothing (a half-typed phrase);
    # the words on their own find what the user was after.
    if query.count('"') % 2 == 0:
        return query, False
    last = query.rindex('"')
    return query[:last] + query[last + 1:], True


def query_described(parsed: ParsedQuery) -> str:
    """Return the terms searched for, as a user would type them (phrases quoted)."""
    def shown(term: Term) -> str:
        words = " ".join(term.words)
        return ("-" if term.is_excluded else "") + (f'"{words}"' if len(term.words) > 1 else words)

    wanted = [" OR ".join(map(shown, group)) for group in parsed.groups]
    return " ".join(wanted + [shown(term) for term in parsed.excluded])


def fts5_expression(parsed: ParsedQuery) -> str:
    """Return the FTS5 expression for the text column (only quoted strings and operators)."""
    def phrase(term: Term) -> str:
        # Words hold letters and digits only, so they never contain a quote to escape.
        return '"' + " ".join(term.words) + '"'

    wanted = " AND ".join("(" + " OR ".join(map(phrase, group)) + ")" for group in parsed.groups)
    if parsed.excluded:
        wanted = f"({wanted}) NOT ({' OR '.join(map(phrase, parsed.excluded))})"
    return wanted


def websearch_text(parsed: ParsedQuery) -> str:
    """Return the query in websearch_to_tsquery's syntax, rebuilt from the parsed terms."""
    def phrase(term: Term) -> str:
        return ("-" if term.is_excluded else "") + '"' + " ".join(term.words) + '"'

    parts = [" or ".join(map(phrase, group)) for group in parsed.groups]
    return " ".join(parts + [phrase(term) for term in parsed.excluded])
