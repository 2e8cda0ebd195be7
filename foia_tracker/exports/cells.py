"""Cell values of the tabular exports (CSV, XLSX and the bundle's manifest)."""

from datetime import date
from decimal import Decimal

from .rows import Column, EvidenceRow
from .safety import neutralised


def cell_value(row: EvidenceRow, column: Column):
    """Return a cell's value: text neutralised, numbers and dates as they are, None as empty."""
    value = getattr(row, column.key)
    if value is None:
        return None
    if isinstance(value, str):
        return neutralised(value)
    return value


def cell_text(value) -> str:
    """Return a cell value as CSV text: ISO dates, exact decimals, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
