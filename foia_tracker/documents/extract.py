"""Read the text out of a stored file: PDF pages, e-mail bodies, Word files and plain text.

Pure functions of a binary stream; no database. A source says how many pages it has and yields
them one at a time from any page on, so a worker can show progress and resume.
"""

import email
import re
import zipfile
from collections.abc import Iterator
from email import policy
from html.parser import HTMLParser
from pathlib import PurePath
from typing import BinaryIO, Protocol

from docx import Document as WordDocument
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF = "application/pdf"
EMAIL = "message/rfc822"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: A single text "page" is capped so one huge log file cannot swamp the index.
MAX_TEXT_CHARS = 5_000_000
_TEXT_TYPES = ("text/plain", "text/csv", "text/markdown")
# Types the content sniffer cannot tell apart from plain text or unknown bytes.
_GENERIC_TYPES = ("", "application/octet-stream", "text/plain")
_BY_EXTENSION = {".pdf": PDF, ".eml": EMAIL, ".docx": WORD, ".txt": "text/plain",
                 ".csv": "text/csv", ".md": "text/markdown"}
# NUL cannot be stored in PostgreSQL text; the others are never text, and \x02/\x03 mark hits.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ExtractionFailed(Exception):
    """The file could not be read; the message is shown to users as is."""


class NoText(Exception):
    """The file is of a type we do not read text from."""


class TextSource(Protocol):
    total: int

    def pages(self, first: int = 1) -> Iterator[tuple[int, str]]: ...


def clean_text(text: str) -> str:
    """Return text safe to store and index: no control characters, no lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub(" ", text)


def text_source(stream: BinaryIO, *, media_type: str, name: str) -> TextSource:
    """Return the text source for a file of this type, or raise NoText."""
    kind = media_type.split(";")[0].strip().lower()
    if kind in _GENERIC_TYPES:
        kind = _BY_EXTENSION.get(PurePath(name).suffix.lower(), kind)
    if kind == PDF:
        return PdfText(stream)
    if kind == EMAIL:
        return SinglePage(email_text(stream))
    if kind == WORD:
        return SinglePage(word_text(stream))
    if kind in _TEXT_TYPES:
        return SinglePage(plain_text(stream))
    raise NoText(f"No text is read from {kind or 'files of unknown type'}.")


class SinglePage:
    """The whole text of a file that has no pages of its own."""

    total = 1

    def __init__(self, text: str):
        self.text = clean_text(text[:MAX_TEXT_CHARS])

    def pages(self, first: int = 1) -> Iterator[tuple[int, str]]:
        if first <= 1:
            yield 1, self.text


class PdfText:
    """A PDF's pages, read one by one from the file (never loaded whole)."""

    def __init__(self, stream: BinaryIO):
        try:
            self._reader = PdfReader(stream, strict=False)
            if self._reader.is_encrypted and not self._reader.decrypt(""):
                raise ExtractionFailed("The PDF is password-protected; its text cannot be read.")
            self.total = len(self._reader.pages)
        except (PyPdfError, ValueError, KeyError, OSError) as error:
            raise ExtractionFailed(f"The file could not be read as a PDF ({_reason(error)}).")

    def pages(self, first: int = 1) -> Iterator[tuple[int, str]]:
        for number in range(max(first, 1), self.total + 1):
            try:
                text = self._reader.pages[number - 1].extract_text()
            except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
                raise ExtractionFailed(
                    f"Page {number} of the PDF could not be read ({_reason(error)}).")
            yield number, clean_text(text or "")


def email_text(stream: BinaryIO) -> str:
    """Return an e-mail's From/To/Date/Subject and its body (plain text, else the HTML's text)."""
    message = email.message_from_binary_file(stream, policy=policy.default)
    lines = [f"{header}: {message[header]}" for header in ("From", "To", "Cc", "Date", "Subject")
             if message[header] is not None]
    body = message.get_body(preferencelist=("plain",))
    text = _part_text(body) if body is not None else ""
    if body is None and (html := message.get_body(preferencelist=("html",))) is not None:
        text = html_text(_part_text(html))
    return "\n".join(lines) + "\n\n" + text.strip()


def _part_text(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):
        # An unknown or wrong charset: keep what can be read rather than nothing.
        content = (part.get_payload(decode=True) or b"").decode("latin-1")
    return content if isinstance(content, str) else content.decode("latin-1")


class _HtmlText(HTMLParser):
    _SKIPPED = {"script", "style", "head", "title"}
    _BREAKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIPPED:
            self._skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def html_text(html: str) -> str:
    """Return the readable text of an HTML body, without its markup, scripts or styles."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def word_text(stream: BinaryIO) -> str:
    """Return a Word file's paragraphs and table rows, in document order."""
    try:
        document = WordDocument(stream)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ExtractionFailed(f"The file could not be read as a Word document ({_reason(error)}).")
    blocks = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            blocks.extend(_row_text(row) for row in block.rows)
        else:
            blocks.append(block.text)
    return "\n".join(block for block in blocks if block.strip())


def _row_text(row) -> str:
    # A merged cell is returned once per grid column it spans; keep it once.
    cells = list(dict.fromkeys(cell._tc for cell in row.cells))
    texts = {cell._tc: cell.text for cell in row.cells}
    return "\t".join(texts[tc] for tc in cells)


def plain_text(stream: BinaryIO) -> str:
    """Return a text file's content: UTF-8, else latin-1 (which reads any bytes)."""
    data = stream.read(MAX_TEXT_CHARS)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if len(data) == MAX_TEXT_CHARS and error.start >= len(data) - 3:
            # The cap cut a character in two: the text is UTF-8 all the same.
            return data[:error.start].decode("utf-8-sig", "replace")
        return data.decode("latin-1")


def _reason(error: Exception) -> str:
    return str(error)[:300] or type(error).__name__
