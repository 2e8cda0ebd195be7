"""Page images as derived files: drawn from the stored document on first view, then kept.

The image of page N at width W is the derived file reader-v1-pN-wW.png of the document's bytes
(so two documents with the same bytes share it). A missing one is drawn again on demand.
"""

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from ..documents.models import Document
from ..storage import ObjectMissing, StoreError, document_store
from .kinds import ReaderKind, reader_kind
from .render import (PageUnreadable, encode_page, image_page_total, pdf_page_total,
                     render_image_page, render_pdf_page)

#: Changes when the drawing changes, so images drawn the old way are not served.
RENDER_VERSION = "v1"


def page_image_name(number: int, width: int) -> str:
    return f"reader-{RENDER_VERSION}-p{number}-w{width}.png"


def page_total(document: Document) -> int:
    """Return the document's pages: a PDF's or a TIFF's, else 1; raise PageUnreadable."""
    kind = reader_kind(document.media_type)
    if kind is ReaderKind.pdf and document.page_count:
        return document.page_count
    if not kind.is_paged:
        return 1
    count = pdf_page_total if kind is ReaderKind.pdf else image_page_total
    with document_store().open_seekable(document.sha256) as stream:
        return count(stream)


def page_image(document: Document, number: int, width: int) -> BinaryIO:
    """Return a stream of the page's image, drawing and keeping it if it is not kept yet."""
    store = document_store()
    name = page_image_name(number, width)
    try:
        return store.open_derived(document.sha256, name)
    except ObjectMissing:
        pass
    data = draw_page(document, number, width)
    try:
        _keep(document.sha256, name, data)
    except StoreError:
        pass  # shown all the same; the next view draws it again
    return io.BytesIO(data)


def page_image_ready(document: Document, number: int, width: int) -> None:
    """Make sure the page's image is kept, drawing it now if needed; raise PageUnreadable."""
    page_image(document, number, width).close()


def draw_page(document: Document, number: int, width: int) -> bytes:
    """Draw page `number` of the document `width` pixels wide (or less); raise PageUnreadable."""
    kind = reader_kind(document.media_type)
    if not kind.is_paged:
        raise PageUnreadable("This type of file has no page images.")
    render = render_pdf_page if kind is ReaderKind.pdf else render_image_page
    with document_store().open_seekable(document.sha256) as stream:
        image = render(stream, number, width)
    try:
        return encode_page(image)
    finally:
        image.close()


def _keep(sha256: str, name: str, data: bytes) -> None:
    store = document_store()
    store.staging_dir.mkdir(parents=True, exist_ok=True)
    fd, path = tempfile.mkstemp(dir=store.staging_dir, prefix="page-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        store.put_derived(sha256, name, Path(path))
    finally:
        Path(path).unlink(missing_ok=True)
