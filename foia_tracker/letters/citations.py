"""Inline citations of evidence items in a letter's Markdown body, numbered as footnotes.

A letter cites evidence item 12 as `[@E12]`. Footnotes are numbered in the order items are
first cited; citing an item again reuses its number, so a reader finds one note per source.
"""

import re
from collections.abc import Callable

#: `[@E12]`; the digit bound keeps ids within what the database can hold.
CITATION = re.compile(r"\[@E(\d{1,9})\]")


def citation_code(evidence_item_id: int) -> str:
    """Return the text a user types to cite an evidence item."""
    return f"[@E{evidence_item_id}]"


def cited_ids(body: str) -> list[int]:
    """Return the cited evidence item ids, each once, in order of first citation."""
    return list(dict.fromkeys(int(match.group(1)) for match in CITATION.finditer(body)))


def footnote_numbers(body: str) -> dict[int, int]:
    """Return {evidence item id: footnote number}."""
    return {item_id: number for number, item_id in enumerate(cited_ids(body), start=1)}


def replace_citations(body: str, replacement: Callable[[int, int], str]) -> str:
    """Replace each citation with replacement(footnote number, evidence item id)."""
    numbers = footnote_numbers(body)

    def substitute(match: re.Match) -> str:
        item_id = int(match.group(1))
        return replacement(numbers[item_id], item_id)

    return CITATION.sub(substitute, body)
