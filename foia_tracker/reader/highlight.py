"""A page's text as safe HTML, with the searched words and the evidence quotations marked.

Pure: the text is cut into pieces at every mark's start and end, each piece is escaped, and
the marks are wrapped around whole pieces, so document text never becomes markup and the
tags always nest.
"""

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..documents.search_query import ParsedQuery

# What the search engines index as words: letters and digits.
_WORD = re.compile(r"[^\W_]+")
_SUFFIXES = ("ings", "ing", "edly", "ed", "es", "s", "ly")
#: Quotations longer than this are looked for by their first part only.
MAX_QUOTATION_CHARS = 2000


@dataclass(frozen=True)
class Quotation:
    """An evidence item's quotation, to mark on the page where it appears."""

    item_id: int
    text: str


def searched_words(parsed: ParsedQuery) -> frozenset[str]:
    """Return the stems of the words a query looks for (not those it excludes)."""
    return frozenset(_stem(word) for group in parsed.groups for term in group
                     for word in term.words)


def highlighted(text: str, words: frozenset[str] = frozenset(),
                quotations: tuple[Quotation, ...] = ()) -> Markup:
    """Return the text escaped, hits in <mark>, quotations in links to their items."""
    marks: list[tuple[int, int, str]] = []
    if words:
        marks += [(m.start(), m.end(), "hit") for m in _WORD.finditer(text)
                  if _stem(m.group()) in words]
    for quotation in quotations:
        found = _quotation_pattern(quotation.text)
        match = found.search(text) if found else None
        if match:
            marks.append((match.start(), match.end(), f"E{quotation.item_id}"))
    return _render(text, marks)


def quotation_found(text: str, quotation: str) -> bool:
    pattern = _quotation_pattern(quotation)
    return bool(pattern and pattern.search(text))


def _quotation_pattern(quotation: str) -> re.Pattern | None:
    # A selection in the browser joins lines with spaces or newlines as it pleases: any run of
    # white space matches any other.
    words = quotation[:MAX_QUOTATION_CHARS].split()
    return re.compile(r"\s+".join(map(re.escape, words))) if words else None


def _stem(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFKD", word.casefold())
                   if not unicodedata.combining(c))
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def _render(text: str, marks: list[tuple[int, int, str]]) -> Markup:
    cuts = sorted({0, len(text), *(p for start, end, _ in marks for p in (start, end))})
    html = []
    for start, end in zip(cuts, cuts[1:]):
        piece = str(escape(text[start:end]))
        active = [label for s, e, label in marks if s <= start and end <= e]
        for label in sorted(active, reverse=True):
            piece = _wrap(piece, label)
        html.append(piece)
    return Markup("".join(html))


def _wrap(piece: str, label: str) -> str:
    if label == "hit":
        return f'<mark class="hit">{piece}</mark>'
    # The label is E<item id>, built above from an integer.
    return f'<a class="quoted" href="#{label}" data-item="{label}">{piece}</a>'
