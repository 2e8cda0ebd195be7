"""How a document is read: paged as images (PDF, image), or whole (e-mail, Word, Excel, text)."""

import enum

from ..documents.detect import DOCX, EML, PDF, XLSX, ZIP


class ReaderKind(enum.Enum):
    pdf = "pdf"
    image = "image"
    email = "email"
    word = "word"
    excel = "excel"
    text = "text"
    archive = "archive"
    other = "other"

    @property
    def is_paged(self) -> bool:
        """Whether each page is drawn as an image (otherwise the file shows as one page)."""
        return self in (ReaderKind.pdf, ReaderKind.image)


_BY_TYPE = {PDF: ReaderKind.pdf, EML: ReaderKind.email, DOCX: ReaderKind.word,
            XLSX: ReaderKind.excel, ZIP: ReaderKind.archive}


def reader_kind(media_type: str) -> ReaderKind:
    """Return how a file of this (detected) media type is read."""
    kind = media_type.split(";")[0].strip().lower()
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    if kind.startswith("image/"):
        return ReaderKind.image
    if kind.startswith("text/"):
        return ReaderKind.text
    return ReaderKind.other
