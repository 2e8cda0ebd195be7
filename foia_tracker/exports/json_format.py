"""JSON: a stable, documented shape for other tools.

    {
      "letter": null | {"id": 12, "title": "...", "addressee": "...",
                        "letter_date": "2026-03-20", "body": "Markdown with [@E12]",
                        "signatories": ["..."]},
      "items": [
        {"footnote_number": 1 | null, "footnote_text": "Records produced by ...",
         "evidence_item_id": 12, "exhibit_number": "OR-2026-0042-003", "agency": "...",
         "jurisdiction": "Oregon", "request_reference": "OR-2026-0042",
         "request_title": "...", "date_received": "2026-03-12" | null,
         "document_name": "release.pdf", "page_from": 4 | null, "page_to": 4 | null,
         "pages": "p. 4", "description": "...", "quotation": "...", "technology": "...",
         "vendor": "...", "product": "...", "contract_number": "...",
         "amount": "12500.00" | null, "currency": "USD", "fact_date": "2026-01-05" | null,
         "sha256": "<64 hex digits of the document's bytes>"}
      ]
    }

Every item has every key. Amounts are strings so decimals stay exact; dates are ISO 8601;
footnote_number is null outside a letter. Items are written one at a time, never all held.
"""

import json
from typing import BinaryIO

from .cells import cell_text
from .rows import EvidenceRow
from .subject import ExportSubject, LetterText

ITEM_KEYS = (
    "footnote_number", "footnote_text", "evidence_item_id", "exhibit_number", "agency",
    "jurisdiction", "request_reference", "request_title", "date_received", "document_name",
    "page_from", "page_to", "pages", "description", "quotation", "technology", "vendor",
    "product", "contract_number", "amount", "currency", "fact_date", "sha256",
)
_AS_TEXT = {"date_received", "amount", "fact_date"}


def write_json(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the subject as {"letter": ..., "items": [...]}; a campaign's items name their
    organisation ("organisation": "ACLU of Florida")."""
    letter = json.dumps(letter_json(subject.letter), ensure_ascii=False)
    out.write(f'{{"letter": {letter}, "items": ['.encode())
    for index, row in enumerate(subject.rows()):
        separator = "," if index else ""
        item = item_json(row)
        if subject.names_organisation:
            item["organisation"] = row.organisation
        out.write(f"{separator}\n  {json.dumps(item, ensure_ascii=False)}".encode())
    out.write(b"\n]}\n")


def letter_json(letter: LetterText | None) -> dict | None:
    if letter is None:
        return None
    return {"id": letter.id, "title": letter.title, "addressee": letter.addressee,
            "letter_date": letter.letter_date.isoformat(), "body": letter.body,
            "signatories": letter.signatories}


def item_json(row: EvidenceRow) -> dict:
    """Return an item's keys; null rather than "" for a date or amount not given."""
    item = {}
    for key in ITEM_KEYS:
        value = getattr(row, key)
        item[key] = (cell_text(value) or None) if key in _AS_TEXT else value
    return item
