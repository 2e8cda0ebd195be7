"""Decide which pages of a document need OCR, and queue them (one row per page).

A document is planned once its text extraction has settled: a PDF's pages then hold the text
of its own text layer, and only pages whose text is empty or unusable are queued. Images have
no text layer, so all their pages are queued. Planning is a compare-and-set on the document's
status (pending -> running), so two workers never queue the same pages twice.
"""

from datetime import datetime

from sqlalchemy import insert, select, update

from ..documents.models import Document, DocumentPage, ExtractionStatus
from ..extensions import db
from ..storage import document_store
from .engine import OCR_TYPES, PDF, PageUnreadable, page_count
from .models import DEFAULT_LANGUAGES, OcrPage, OcrSetting
from .quality import text_is_usable
from .status import OcrStatus

#: Extraction states after which a document's own text is known.
SETTLED = (ExtractionStatus.done, ExtractionStatus.skipped, ExtractionStatus.failed)
PLAN_BATCH = 20


def plan_waiting(*, now: datetime, limit: int = PLAN_BATCH) -> int:
    """Plan up to `limit` documents waiting for OCR whose text extraction settled; return how many."""
    waiting = db.session.scalars(
        select(Document.id).where(Document.ocr_status == OcrStatus.pending,
                                  Document.deleted_at.is_(None),
                                  Document.extraction_status.in_(SETTLED))
        .order_by(Document.id).limit(limit)).all()
    db.session.rollback()
    for document_id in waiting:
        document_plan(document_id, now=now)
    return len(waiting)


def document_plan(document_id: int, *, now: datetime) -> None:
    """Queue the pages of one document that need OCR (or settle it at once) and commit."""
    document = db.session.execute(
        select(Document.media_type, Document.sha256, Document.extraction_status,
               Document.extraction_error, Document.ocr_language, Document.organisation_id)
        .where(Document.id == document_id)).one()
    language = document.ocr_language or organisation_languages(document.organisation_id)
    status, pages, error = _pages_to_read(document_id, document)
    values = {"ocr_status": status, "ocr_pages_total": len(pages), "ocr_pages_done": 0,
              "ocr_language": language, "ocr_error": error, "ocr_turn_at": now}
    result = db.session.execute(
        update(Document).where(Document.id == document_id,
                               Document.ocr_status == OcrStatus.pending).values(**values))
    if result.rowcount != 1:
        db.session.rollback()  # planned by another worker meanwhile
        return
    if pages:
        db.session.execute(insert(OcrPage), [
            {"document_id": document_id, "page_number": number, "status": "pending",
             "attempts": 0, "error": ""} for number in pages])
    db.session.commit()


def organisation_languages(organisation_id: int) -> str:
    """Return the organisation's OCR languages ("eng" unless an admin added another)."""
    return db.session.scalar(select(OcrSetting.languages).where(
        OcrSetting.organisation_id == organisation_id)) or DEFAULT_LANGUAGES


def _pages_to_read(document_id: int, document) -> tuple[OcrStatus, list[int], str]:
    media_type = document.media_type.split(";")[0].strip().lower()
    if media_type not in OCR_TYPES:
        return OcrStatus.not_needed, [], ""
    if media_type == PDF and document.extraction_status is ExtractionStatus.failed:
        # The file's own reader failed (corrupt or encrypted): OCR reads through the same door.
        return OcrStatus.failed, [], document.extraction_error
    if media_type == PDF:
        pages = _pdf_pages_without_text(document_id)
    else:
        try:
            with document_store().local_copy(document.sha256) as path:
                pages = list(range(1, page_count(path, media_type) + 1))
        except PageUnreadable as error:
            return OcrStatus.failed, [], str(error)
    return (OcrStatus.running, pages, "") if pages else (OcrStatus.not_needed, [], "")


def _pdf_pages_without_text(document_id: int) -> list[int]:
    rows = db.session.execute(
        select(DocumentPage.page_number, DocumentPage.text, DocumentPage.text_source)
        .where(DocumentPage.document_id == document_id).order_by(DocumentPage.page_number))
    # Pages read by OCR before (a re-run in another language) are read again; a cut text's
    # missing pages stay out, as the cut says.
    return [row.page_number for row in rows
            if row.text_source == "ocr" or not text_is_usable(row.text)]
