"""The searchable copy: the original with an invisible text layer, a derived file.

Made once every queued page of a document is read: each OCR'd page (kept by the worker as a
derived one-page PDF) takes the place of its page in the original; pages with their own text
stay as they are. OCRmyPDF then turns the result into PDF/A-2B with OCR switched off (a Tesseract
timeout of 0), so nothing is read twice; when PDF/A cannot be made the plain PDF is kept. The
copy's SHA-256 and size go on the document row; the original's bytes, hash and exhibit number
are never touched.

Claimed like a page: a compare-and-set of the document's status (running -> copying), with
`ocr_turn_at` as the claim's mark so a crashed worker's copy is taken over.
"""

import logging
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pikepdf
from PIL import Image
from sqlalchemy import and_, exists, or_, select, update

from ..documents.models import Document, DocumentPage
from ..extensions import db
from ..storage import document_store, sha256_of_file
from .engine import PDF
from .models import OcrPage
from .status import OcrStatus, PageStatus

log = logging.getLogger(__name__)


def page_file_name(document_id: int, page_number: int) -> str:
    """Return the derived file name of one OCR'd page of a document."""
    return f"ocr-d{document_id}-p{page_number:06d}.pdf"


def copy_file_name(document_id: int) -> str:
    """Return the derived file name of a document's searchable copy."""
    return f"searchable-d{document_id}.pdf"


def copy_claim(*, now: datetime, stale_before: datetime) -> int | None:
    """Claim a document whose pages are all read, to make its copy, and commit; or None."""
    unread = exists().where(OcrPage.document_id == Document.id,
                            OcrPage.status.in_([PageStatus.pending, PageStatus.running]))
    claimable = and_(Document.deleted_at.is_(None), ~unread, or_(
        Document.ocr_status == OcrStatus.running,
        and_(Document.ocr_status == OcrStatus.copying, Document.ocr_turn_at < stale_before)))
    while True:
        document_id = db.session.scalar(select(Document.id).where(claimable)
                                        .order_by(Document.id).limit(1))
        if document_id is None:
            db.session.rollback()
            return None
        result = db.session.execute(update(Document).where(Document.id == document_id, claimable)
                                    .values(ocr_status=OcrStatus.copying, ocr_turn_at=now))
        db.session.commit()
        if result.rowcount == 1:
            return document_id


def copy_make(document_id: int, *, report) -> int:
    """Make, store and record a claimed document's searchable copy; return 1 if one was made."""
    row = db.session.execute(select(
        Document.sha256, Document.media_type, Document.ocr_turn_at, Document.page_count)
        .where(Document.id == document_id)).one()
    read = list(db.session.scalars(select(OcrPage.page_number).where(
        OcrPage.document_id == document_id, OcrPage.status == PageStatus.done)))
    # Blank pages only: no copy, since it would add nothing a search could find.
    found_text = db.session.scalar(select(DocumentPage.id).where(
        DocumentPage.document_id == document_id, DocumentPage.text_source == "ocr",
        DocumentPage.text != "").limit(1)) is not None
    db.session.rollback()
    store = document_store()
    values = {"ocr_status": OcrStatus.done, "ocr_error": ""}
    made = 0
    if read and found_text:
        try:
            with tempfile.TemporaryDirectory(prefix="foia-copy-") as work:
                copy, is_pdfa = _assemble(Path(work), row, document_id, read)
                store.put_derived(row.sha256, copy_file_name(document_id), copy)
                values.update(searchable_sha256=sha256_of_file(copy),
                              searchable_size_bytes=copy.stat().st_size,
                              is_searchable_pdfa=is_pdfa)
                made = 1
        except Exception as error:  # noqa: BLE001 - the text is searchable without a copy
            log.exception("The searchable copy of document %s failed", document_id)
            values["ocr_error"] = (f"The searchable copy could not be made "
                                   f"({type(error).__name__}: {str(error)[:300]}).")
            report.errors.append(f"document {document_id}: {values['ocr_error']}")
    result = db.session.execute(update(Document).where(
        Document.id == document_id, Document.ocr_status == OcrStatus.copying,
        Document.ocr_turn_at == row.ocr_turn_at).values(**values))
    db.session.commit()
    if result.rowcount == 1:
        for number in read:
            store.delete_derived(row.sha256, page_file_name(document_id, number))
    return made if result.rowcount == 1 else 0


def _assemble(work: Path, row, document_id: int, read: list[int]) -> tuple[Path, bool]:
    store = document_store()
    joined = work / "joined.pdf"
    with store.local_copy(row.sha256) as original:
        pages = _fetched_pages(work, row.sha256, document_id, read)
        if row.media_type.split(";")[0].lower() == PDF:
            _replace_pages(Path(original), pages, joined)
        else:
            _join_image_pages(Path(original), pages, work, joined)
    output = work / "searchable.pdf"
    # Imported here, not at the top: OCRmyPDF takes ~0.4 s to import, and every web worker,
    # command and piped message loads this module for its constants.
    import ocrmypdf
    from ocrmypdf.exceptions import ExitCodeException

    try:
        # OCR off (timeout 0): only the PDF/A conversion runs; every page is read already.
        # OCRmyPDF's own (pikepdf) backend: Ghostscript 10.0-10.02 corrupts pages with text.
        ocrmypdf.ocr(joined, output, skip_text=True, tesseract_timeout=0, output_type="pdfa",
                     pdfa_backend="internal", optimize=0, jobs=1, use_threads=True,
                     progress_bar=False)
        return output, True
    except ExitCodeException as error:
        log.warning("PDF/A conversion failed for document %s (%s); keeping plain PDF",
                    document_id, error)
        shutil.copyfile(joined, output)
        return output, False


def _fetched_pages(work: Path, sha256: str, document_id: int, read: list[int]) -> dict[int, Path]:
    pages = {}
    for number in read:
        target = work / f"page-{number}.pdf"
        with document_store().open_derived(sha256, page_file_name(document_id, number)) as src, \
                open(target, "wb") as out:
            shutil.copyfileobj(src, out)
        pages[number] = target
    return pages


def _replace_pages(original: Path, pages: dict[int, Path], target: Path) -> None:
    with pikepdf.open(original) as pdf:
        opened = []
        for number, path in sorted(pages.items()):
            page_pdf = pikepdf.open(path)
            opened.append(page_pdf)
            pdf.pages[number - 1] = page_pdf.pages[0]
        pdf.save(target)
        for page_pdf in opened:
            page_pdf.close()


def _join_image_pages(original: Path, pages: dict[int, Path], work: Path, target: Path) -> None:
    # An image's page that OCR could not read is kept as a plain image page.
    joined = pikepdf.new()
    opened = []
    with Image.open(original) as image:
        for index in range(getattr(image, "n_frames", 1)):
            path = pages.get(index + 1)
            if path is None:
                image.seek(index)
                path = work / f"image-{index + 1}.pdf"
                image.convert("RGB").save(path, resolution=image.info.get("dpi", (300, 300))[0])
            page_pdf = pikepdf.open(path)
            opened.append(page_pdf)
            joined.pages.append(page_pdf.pages[0])
    joined.save(target)
    for page_pdf in opened:
        page_pdf.close()


