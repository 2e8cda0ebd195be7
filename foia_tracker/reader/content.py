"""Files shown whole rather than as page images: e-mails, Word and Excel files, plain text.

Pure functions of a binary stream; no Flask, no database. What they return is plain data that
the template escapes.
"""

import email
import hashlib
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from typing import BinaryIO

from docx import Document as WordDocument
from openpyxl import load_workbook

from ..documents.extract import clean_text, html_text, plain_text

EMAIL_HEADERS = ("From", "To", "Cc", "Date", "Subject")
#: Enough of a spreadsheet to read on a screen; the download has the rest.
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 500, 50


class ContentUnreadable(Exception):
    """The file could not be read; the message says why, for the person reading."""


@dataclass
class Attachment:
    name: str
    media_type: str
    size: int
    sha256: str


@dataclass
class EmailContent:
    headers: list[tuple[str, str]]
    body: str
    attachments: list[Attachment]


@dataclass
class Table:
    title: str
    rows: list[list[str]]
    is_cut: bool = False


@dataclass
class Blocks:
    """A Word or Excel file: paragraphs (str) and tables, in the file's order."""

    blocks: list[str | Table] = field(default_factory=list)


def email_content(stream: BinaryIO) -> EmailContent:
    """Return an e-mail's headers, its body as text and its attachments."""
    message = email.message_from_binary_file(stream, policy=policy.default)
    headers = [(name, str(message[name])) for name in EMAIL_HEADERS if message[name] is not None]
    return EmailContent(headers, clean_text(_body_text(message)), _attachments(message))


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeError):
        content = (body.get_payload(decode=True) or b"").decode("latin-1")
    content = content if isinstance(content, str) else content.decode("latin-1")
    return html_text(content) if body.get_content_type() == "text/html" else content.strip()


def _attachments(message: EmailMessage) -> list[Attachment]:
    found = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True) or b""
        found.append(Attachment(name=clean_text(part.get_filename() or "(unnamed attachment)"),
                                media_type=part.get_content_type(), size=len(data),
                                sha256=hashlib.sha256(data).hexdigest()))
    return found


def word_content(stream: BinaryIO) -> Blocks:
    """Return a Word file's paragraphs and tables, in document order."""
    try:
        document = WordDocument(stream)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ContentUnreadable(f"The file could not be read as a Word document ({error}).")
    content = Blocks()
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            content.blocks.append(Table("", [_word_row(row) for row in block.rows]))
        elif block.text.strip():
            content.blocks.append(clean_text(block.text))
    return content


def _word_row(row) -> list[str]:
    # A merged cell is returned once per grid column it spans; keep it once.
    cells = list(dict.fromkeys(cell._tc for cell in row.cells))
    texts = {cell._tc: cell.text for cell in row.cells}
    return [clean_text(texts[tc]) for tc in cells]


def excel_content(stream: BinaryIO) -> Blocks:
    """Return each sheet of a workbook as a table (cut at MAX_SHEET_ROWS x MAX_SHEET_COLUMNS)."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ContentUnreadable(f"The file could not be read as an Excel workbook ({error}).")
    content = Blocks()
    try:
        for sheet in workbook.worksheets:
            content.blocks.append(_sheet_table(sheet))
    finally:
        workbook.close()
    return content


def _sheet_table(sheet) -> Table:
    rows, is_cut = [], False
    for index, row in enumerate(sheet.iter_rows(values_only=True)):
        if index == MAX_SHEET_ROWS:
            is_cut = True
            break
        is_cut = is_cut or len(row) > MAX_SHEET_COLUMNS
        rows.append(["" if v is None else clean_text(str(v)) for v in row[:MAX_SHEET_COLUMNS]])
    return Table(clean_text(sheet.title), rows, is_cut)


def text_content(stream: BinaryIO) -> str:
    return clean_text(plain_text(stream))
