"""XLSX: the CSV's rows in a workbook, written row by row (openpyxl's write-only mode)."""

from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .cells import cell_value
from .rows import columns_for
from .subject import ExportSubject


def write_xlsx(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the subject's rows as an Excel workbook with one sheet."""
    # Write-only mode streams rows to a temporary file instead of keeping a sheet in memory.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Evidence")
    columns = columns_for(subject.is_letter, subject.names_organisation)
    sheet.append([_text_cell(sheet, column.heading) for column in columns])
    for row in subject.rows():
        sheet.append([_cell(sheet, cell_value(row, column)) for column in columns])
    workbook.save(out)


def _cell(sheet, value) -> WriteOnlyCell:
    if isinstance(value, str):
        return _text_cell(sheet, value)
    return WriteOnlyCell(sheet, value=value)


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    # openpyxl would store text starting with "=" as a formula; a string cell is never
    # evaluated, so the text is kept as typed, without the CSV's apostrophe.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    return cell
