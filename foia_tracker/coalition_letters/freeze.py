"""A final letter's frozen export rows as JSON, and back: the same rows on every export."""

import dataclasses
from datetime import date
from decimal import Decimal

from ..exports.rows import EvidenceRow

_DATES = ("date_received", "fact_date")


def row_json(row: EvidenceRow) -> dict:
    """Return the row as JSON values: dates ISO, the amount as exact text."""
    values = dataclasses.asdict(row)
    for key in _DATES:
        values[key] = values[key].isoformat() if values[key] is not None else None
    values["amount"] = format(row.amount, "f") if row.amount is not None else None
    return values


def row_from_json(values: dict) -> EvidenceRow:
    """Return the row a final letter froze."""
    values = dict(values)
    for key in _DATES:
        values[key] = date.fromisoformat(values[key]) if values[key] is not None else None
    values["amount"] = Decimal(values["amount"]) if values["amount"] is not None else None
    return EvidenceRow(**values)
