"""Cell values of the tabular exports (CSV, XLSX and the bundle's manifest)."""

from datetime import date
from decimal import Decimal

from .rows import Column, EvidenceRow
from .safety import neutralised


def cell_value(row: EvidenceRow, column: Column):
    """Return a cell's value as stored: text as typed, numbers and dates as they are."""
    return getattr(row, column.key)


def csv_cell_value(row: EvidenceRow, column: Column):
    """Return a cell's value for a CSV, text neutralised against formulas."""
    # A CSV has no cell types: the leading apostrophe is the only way to say "this is text".
    value = cell_value(row, column)
    return neutralised(value) if isinstance(value, str) else value


def cell_text(value) -> str:
    """Return a cell value as CSV text: ISO dates, exact decimals, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
