"""CSV: one row per evidence item, formulas neutralised, UTF-8 with a BOM for Excel."""

import csv
import io
from typing import BinaryIO

from .cells import cell_text, csv_cell_value
from .rows import Column, EvidenceRow, columns_for
from .subject import ExportSubject


def write_csv(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the subject's rows as CSV."""
    write_table(out, subject.rows(), columns_for(subject.is_letter, subject.names_organisation))


def write_table(out: BinaryIO, rows, columns: tuple[Column, ...], extra=()) -> None:
    """Write rows as CSV; extra holds (heading, function of the row) for added columns."""
    # The BOM makes Excel read the file as UTF-8 (agency names, quotations with accents).
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow([column.heading for column in columns] + [heading for heading, _ in extra])
    for row in rows:
        writer.writerow(csv_cells(row, columns) + [value(row) for _, value in extra])
    text.flush()
    text.detach()  # leave the binary file open for the caller


def csv_cells(row: EvidenceRow, columns: tuple[Column, ...]) -> list[str]:
    return [cell_text(csv_cell_value(row, column)) for column in columns]
