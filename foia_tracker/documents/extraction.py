"""The extraction worker: claim a document waiting for text, store its pages, record progress.

Runs after the upload has committed (the scheduler's job, or the extract-documents command),
never in the upload request. A claim is a conditional UPDATE pending -> running that re-checks
the status, so two workers never extract the same document; on PostgreSQL the candidate is
picked with FOR UPDATE SKIP LOCKED so a second worker takes the next one instead of waiting.

While running, `extracted_at` is the worker's heartbeat: set at the claim and at each batch of
pages. A document whose heartbeat is older than the stale timeout (its worker died) is claimed
again and resumes after its last committed page. Each batch first moves the heartbeat on with a
compare-and-set on the previous value: a worker whose claim was taken over finds the value
changed, writes nothing and stops.

Writes use Core statements, not ORM objects: progress is bookkeeping, not an audited change.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from flask import Flask, current_app
from sqlalchemy import and_, delete, func, insert, or_, select, update

from ..extensions import db
from ..storage import StoreUnavailable, document_store
from .extract import ExtractionFailed, NoText, text_source
from ..ocr.status import OcrStatus
from .models import Document, DocumentPage, ExtractionStatus

log = logging.getLogger(__name__)

#: Pages committed together: the page shows progress at this step.
BATCH_PAGES = 10
#: A running extraction with no progress for this long is taken to have lost its worker.
DEFAULT_STALE_SECONDS = 15 * 60
MAX_ERROR_CHARS = 1000


@dataclass
class ExtractionReport:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    #: Extractions taken over by another worker while this one ran.
    lost: int = 0
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    #: Why the run stopped early: the document store could not be reached.
    store_unavailable: str = ""

    def __str__(self) -> str:
        return (f"Extracted text from {self.done} documents ({self.pages} pages); "
                f"{self.failed} failed, {self.skipped} had no text to extract.")


class ClaimLost(Exception):
    """Another worker took the document over after this one's claim went stale."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def run_extraction(app: Flask) -> ExtractionReport:
    """Extract every document waiting for text, in the app's context (the scheduler's job)."""
    with app.app_context():
        return extraction_run()


def extraction_run(*, limit: int | None = None, batch_pages: int = BATCH_PAGES,
                   stale_seconds: float | None = None) -> ExtractionReport:
    """Claim and extract documents until none is waiting (or `limit` are done)."""
    if stale_seconds is None:
        stale_seconds = current_app.config.get("EXTRACTION_STALE_SECONDS", DEFAULT_STALE_SECONDS)
    report = ExtractionReport()
    while limit is None or report.done + report.failed + report.skipped < limit:
        now = _now()
        claimed = extraction_claim(now=now, stale_before=now - timedelta(seconds=stale_seconds))
        if claimed is None:
            break
        extraction_process(claimed, report=report, batch_pages=batch_pages)
        if report.store_unavailable:
            break
    return report


@dataclass
class Claim:
    """A worker's hold on one document; `heartbeat` is the extracted_at it last wrote."""

    document_id: int
    heartbeat: datetime


def extraction_claim(*, now: datetime, stale_before: datetime) -> Claim | None:
    """Claim the next document waiting for text and commit; return the claim, or None."""
    claimable = and_(Document.deleted_at.is_(None), or_(
        Document.extraction_status == ExtractionStatus.pending,
        and_(Document.extraction_status == ExtractionStatus.running,
             Document.extracted_at < stale_before)))
    while True:
        # Two statements, as in mail/claims.py: PostgreSQL may re-run a LIMIT ... SKIP LOCKED
        # subquery inside an UPDATE; the UPDATE re-checks `claimable` against the committed row.
        document_id = db.session.scalar(
            select(Document.id).where(claimable).order_by(Document.id).limit(1)
            .with_for_update(skip_locked=True))
        if document_id is None:
            db.session.rollback()
            return None
        result = db.session.execute(
            update(Document).where(Document.id == document_id, claimable)
            .values(extraction_status=ExtractionStatus.running, extracted_at=now,
                    extraction_error=""))
        db.session.commit()
        if result.rowcount == 1:
            return Claim(document_id, now)
        # Another worker claimed it between the two statements: look for the next one.


def extraction_process(claim: Claim, *, report: ExtractionReport,
                       batch_pages: int = BATCH_PAGES) -> None:
    """Extract a claimed document's text into its pages; record the outcome, never raise."""
    row = db.session.execute(
        select(Document.sha256, Document.media_type, Document.original_name,
               Document.extracted_pages, Document.page_count)
        .where(Document.id == claim.document_id)).one()
    try:
        # Readers of PDFs and Word files seek: an object store's bytes come to a local copy.
        with document_store().local_copy(row.sha256) as path, open(path, "rb") as stream:
            source = text_source(stream, media_type=row.media_type, name=row.original_name)
            _start(claim, row, source.total)
            pages = _store_pages(claim, source, first=row.extracted_pages + 1,
                                 batch_pages=batch_pages)
    except ClaimLost:
        db.session.rollback()
        report.lost += 1
    except StoreUnavailable as error:
        # Not the document's fault: it waits in the queue, and this run stops until next time.
        db.session.rollback()
        _finish(claim, ExtractionStatus.pending, "")
        report.store_unavailable = str(error)
        report.errors.append(f"{claim.document_id}: {error}")
    except NoText:
        db.session.rollback()
        _finish(claim, ExtractionStatus.skipped, "")
        report.skipped += 1
    except Exception as error:  # noqa: BLE001 - one bad file must never stop the others
        db.session.rollback()
        message = _failure_message(error)
        _finish(claim, ExtractionStatus.failed, message)
        report.failed += 1
        report.errors.append(f"{claim.document_id}: {message}")
    else:
        report.pages += pages
        report.done += 1


def extraction_retry(document_id: int) -> None:
    """Put a failed document back in the queue, from its first page, and commit."""
    db.session.execute(delete(DocumentPage).where(DocumentPage.document_id == document_id))
    db.session.execute(
        update(Document).where(Document.id == document_id,
                               Document.extraction_status == ExtractionStatus.failed)
        .values(extraction_status=ExtractionStatus.pending, extracted_pages=0,
                extraction_error="", extracted_at=None,
                # OCR gave up with the extraction (same reader); it is planned again after it.
                ocr_status=OcrStatus.pending, ocr_error=""))
    db.session.commit()


def _start(claim: Claim, row, total: int) -> None:
    _beat(claim, **({} if row.page_count == total else {"page_count": total}))
    # A resumed claim keeps the pages committed before; anything past them was never counted.
    db.session.execute(delete(DocumentPage).where(DocumentPage.document_id == claim.document_id,
                                                  DocumentPage.page_number > row.extracted_pages))


def _store_pages(claim: Claim, source, *, first: int, batch_pages: int) -> int:
    batch, stored = [], 0
    # One document's text is bounded: a small file can hold millions of pages of text.
    budget = current_app.config["EXTRACTION_MAX_TEXT_BYTES"] - _text_bytes_stored(claim)
    cut = False
    for number, text in source.pages(first):
        text, cut = _within(text, budget)
        budget -= len(text.encode())
        batch.append({"document_id": claim.document_id, "page_number": number, "text": text})
        if cut:
            break
        if len(batch) >= batch_pages:
            _commit_batch(claim, batch)
            stored += len(batch)
            batch = []
    _commit_batch(claim, batch, finished=True, cut=cut)
    return stored + len(batch)


def _text_bytes_stored(claim: Claim) -> int:
    # A resumed claim continues the count of the pages committed before (characters: close).
    return db.session.scalar(select(func.coalesce(func.sum(func.length(DocumentPage.text)), 0))
                             .where(DocumentPage.document_id == claim.document_id)) or 0


def _within(text: str, budget: int) -> tuple[str, bool]:
    encoded = text.encode()
    if len(encoded) <= budget:
        return text, False
    return encoded[:max(budget, 0)].decode("utf-8", "ignore"), True


def _commit_batch(claim: Claim, batch: list[dict], *, finished: bool = False,
                  cut: bool = False) -> None:
    # The heartbeat moves first: a worker that lost its claim stops before writing any page.
    values = {"extraction_status": ExtractionStatus.done, "is_text_cut": cut} if finished else {}
    if batch:
        values["extracted_pages"] = batch[-1]["page_number"]
    _beat(claim, **values)
    if batch:
        db.session.execute(insert(DocumentPage), batch)
    db.session.commit()


def _beat(claim: Claim, **values) -> None:
    # Strictly later than the last beat, so the compare-and-set never sees an equal value.
    now = max(_now(), claim.heartbeat + timedelta(microseconds=1))
    result = db.session.execute(
        update(Document).where(Document.id == claim.document_id,
                               Document.extraction_status == ExtractionStatus.running,
                               Document.extracted_at == claim.heartbeat)
        .values(extracted_at=now, **values))
    if result.rowcount != 1:
        raise ClaimLost(claim.document_id)
    claim.heartbeat = now


def _finish(claim: Claim, status: ExtractionStatus, error: str) -> None:
    # Guarded by the claim like every write: a taken-over worker leaves the outcome alone.
    db.session.execute(
        update(Document).where(Document.id == claim.document_id,
                               Document.extraction_status == ExtractionStatus.running,
                               Document.extracted_at == claim.heartbeat)
        .values(extraction_status=status, extraction_error=error[:MAX_ERROR_CHARS],
                extracted_at=_now()))
    db.session.commit()


def _failure_message(error: Exception) -> str:
    if isinstance(error, ExtractionFailed):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "The stored file is missing; run verify-documents to check the store."
    log.exception("Text extraction failed unexpectedly")
    return f"Text extraction failed unexpectedly ({type(error).__name__}: {str(error)[:300]})."
