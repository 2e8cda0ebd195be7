"""The OCR worker: plan waiting documents, then claim and read pages a few at a time.

Runs in the scheduler's job or the ocr-documents command, never in a web request. The unit of
a claim is a page: a claim is a conditional UPDATE of its queue row (pending -> running) that
re-checks the status, so two workers never read the same page; on PostgreSQL the candidate is
picked with FOR UPDATE SKIP LOCKED. The next page comes from the document whose turn is oldest
(`ocr_turn_at`, moved on at each claim), so documents take turns and a 500-page scan never
holds up a one-page letter. A worker claims up to PAGES_PER_CLAIM pages of that document at
once and reads them as one batch: the original is fetched from the store once per batch (not
once per page: on an object store that is a whole download each time), and OCRmyPDF starts
once per batch (see `engine`).

A running page older than the stale timeout lost its worker and is claimed again; a page whose
claims keep dying (it crashes or kills the worker) is given up after MAX_ATTEMPTS. Every write
of a page's outcome re-checks the claim (status running, claimed_at ours): a worker whose claim
was taken over writes nothing. Writes use Core statements: OCR progress is bookkeeping.
"""

import logging
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import and_, delete, insert, or_, select, update

from ..documents.models import Document, DocumentPage
from ..extensions import db
from ..storage import StoreUnavailable, document_store
from .copy import copy_claim, copy_make, page_file_name
from .engine import OcrLimits, PageUnreadable, ocr_available, ocr_pages
from .models import OcrPage
from .planning import plan_waiting
from .status import OcrStatus, PageStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
#: Pages of one document read in one batch: enough to spread OCRmyPDF's start-up and one fetch
#: of the original over several pages, few enough that documents still take turns often and
#: a worker that dies loses little.
PAGES_PER_CLAIM = 8
MAX_ERROR_CHARS = 1000
UNAVAILABLE = "OCR is not available on this server (Tesseract is not installed)."


@dataclass
class OcrReport:
    pages: int = 0
    failed_pages: int = 0
    lost: int = 0
    copies: int = 0
    errors: list[str] = field(default_factory=list)
    #: Why the run did nothing or stopped early (no Tesseract, store unreachable).
    stopped: str = ""

    def __str__(self) -> str:
        if self.stopped:
            return f"OCR stopped: {self.stopped}"
        return (f"Read {self.pages} pages by OCR ({self.failed_pages} could not be read); "
                f"made {self.copies} searchable copies.")


@dataclass
class PageClaim:
    id: int
    document_id: int
    page_number: int
    claimed_at: datetime


class ClaimLost(Exception):
    """Another worker took the page over after this one's claim went stale."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def run_ocr(app: Flask) -> OcrReport:
    """Read every page waiting for OCR with the configured workers (the scheduler's job)."""
    with app.app_context():
        workers = current_app.config["OCR_WORKERS"]
    reports = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for report in pool.map(lambda _: _run_in_context(app), range(workers)):
            reports.append(report)
    return _merged(reports)


def _run_in_context(app: Flask) -> OcrReport:
    # Each thread has its own app context, hence its own database session.
    with app.app_context():
        try:
            return ocr_run()
        finally:
            db.session.remove()


def ocr_run(*, limit: int | None = None, stale_seconds: float | None = None) -> OcrReport:
    """Plan waiting documents, then read pages until none is waiting (or `limit` are read)."""
    report = OcrReport()
    if not ocr_available():
        report.stopped = UNAVAILABLE
        return report
    if stale_seconds is None:
        stale_seconds = current_app.config["OCR_STALE_SECONDS"]
    limits = OcrLimits.from_config(current_app.config)
    while limit is None or report.pages + report.failed_pages < limit:
        now = _now()
        stale_before = now - timedelta(seconds=stale_seconds)
        plan_waiting(now=now)
        size = _batch_size(limits, stale_seconds)
        if limit is not None:
            size = min(size, limit - report.pages - report.failed_pages)
        if claims := pages_claim(now=now, stale_before=stale_before, size=size):
            pages_process(claims, report=report, limits=limits)
        elif (document_id := copy_claim(now=now, stale_before=stale_before)) is not None:
            report.copies += copy_make(document_id, report=report)
        else:
            break
        if report.stopped:
            break
    return report


def page_claim(*, now: datetime, stale_before: datetime) -> PageClaim | None:
    """Claim the next page, from the document waiting longest, and commit; or return None."""
    claimable = and_(Document.deleted_at.is_(None), Document.ocr_status == OcrStatus.running,
                     or_(OcrPage.status == PageStatus.pending,
                         and_(OcrPage.status == PageStatus.running,
                              OcrPage.claimed_at < stale_before)))
    while True:
        row = db.session.execute(
            select(OcrPage.id, OcrPage.document_id, OcrPage.page_number, OcrPage.attempts)
            .join(Document, Document.id == OcrPage.document_id).where(claimable)
            .order_by(Document.ocr_turn_at, Document.id, OcrPage.page_number).limit(1)
            .with_for_update(skip_locked=True, of=OcrPage)).first()
        if row is None:
            db.session.rollback()
            return None
        values = {"status": PageStatus.running, "claimed_at": now, "attempts": row.attempts + 1}
        if row.attempts >= MAX_ATTEMPTS:
            values = {"status": PageStatus.failed, "error": (
                f"OCR of page {row.page_number} was interrupted {row.attempts} times (the page "
                "may be too demanding for this server); it was given up.")}
        result = db.session.execute(
            update(OcrPage).where(OcrPage.id == row.id, OcrPage.status.in_(
                [PageStatus.pending, PageStatus.running]),
                or_(OcrPage.status == PageStatus.pending, OcrPage.claimed_at < stale_before))
            .values(**values))
        if result.rowcount == 1:
            # Its turn moves on: the next claim prefers the other documents.
            db.session.execute(update(Document).where(Document.id == row.document_id)
                               .values(ocr_turn_at=now))
            if values["status"] == PageStatus.failed:
                _count_done(row.document_id)
        db.session.commit()
        if result.rowcount == 1 and values["status"] == PageStatus.running:
            return PageClaim(row.id, row.document_id, row.page_number, now)


def _batch_size(limits: OcrLimits, stale_seconds: float) -> int:
    # Every page of a batch carries the claim's time: a batch of pages that each took the
    # whole Tesseract timeout must still end before its claim looks stale to other workers.
    return max(1, min(PAGES_PER_CLAIM, int(stale_seconds // limits.page_timeout)))


def pages_claim(*, now: datetime, stale_before: datetime, size: int) -> list[PageClaim]:
    """Claim the next page and up to `size` - 1 more pending ones of its document, and commit."""
    first = page_claim(now=now, stale_before=stale_before)
    if first is None:
        return []
    claims = [first]
    while len(claims) < size and (more := _next_claim(first, now=now)) is not None:
        claims.append(more)
    return claims


def _next_claim(first: PageClaim, *, now: datetime) -> PageClaim | None:
    # Only pending pages: a stale page is taken over by page_claim, with its attempts counted.
    while True:
        row = db.session.execute(
            select(OcrPage.id, OcrPage.page_number, OcrPage.attempts)
            .where(OcrPage.document_id == first.document_id,
                   OcrPage.status == PageStatus.pending, OcrPage.page_number > first.page_number)
            .order_by(OcrPage.page_number).limit(1)
            .with_for_update(skip_locked=True)).first()
        if row is None:
            db.session.rollback()
            return None
        result = db.session.execute(
            update(OcrPage).where(OcrPage.id == row.id, OcrPage.status == PageStatus.pending)
            .values(status=PageStatus.running, claimed_at=now, attempts=row.attempts + 1))
        db.session.commit()
        if result.rowcount == 1:
            return PageClaim(row.id, first.document_id, row.page_number, now)


def pages_process(claims: list[PageClaim], *, report: OcrReport, limits: OcrLimits) -> None:
    """Read claimed pages of one document by OCR, from one fetch of the original; record each."""
    document = db.session.execute(
        select(Document.sha256, Document.media_type, Document.ocr_language)
        .where(Document.id == claims[0].document_id)).one()
    db.session.rollback()  # no transaction held open while Tesseract works
    store = document_store()
    try:
        with tempfile.TemporaryDirectory(prefix="foia-ocr-") as work, \
                store.local_copy(document.sha256) as path:
            results = ocr_pages(
                Path(path), media_type=document.media_type.split(";")[0].lower(),
                page_numbers=[claim.page_number for claim in claims],
                languages=document.ocr_language or "eng", work=Path(work), limits=limits)
            for claim in claims:
                _page_outcome(claim, results[claim.page_number], document.sha256, report=report)
    except StoreUnavailable as error:
        db.session.rollback()
        for claim in claims:
            _page_release(claim)
        report.stopped = str(error)
    except Exception as error:  # noqa: BLE001 - one bad batch must never stop the others
        db.session.rollback()
        for claim in claims:
            _page_error(claim, error, report=report)


def _page_outcome(claim: PageClaim, result, sha256: str, *, report: OcrReport) -> None:
    if isinstance(result, PageUnreadable):
        _page_error(claim, result, report=report)
        return
    try:
        document_store().put_derived(sha256, page_file_name(claim.document_id, claim.page_number),
                              result.pdf)
        _page_done(claim, result.text, result.confidence)
        report.pages += 1
    except ClaimLost:
        db.session.rollback()
        report.lost += 1


def _page_error(claim: PageClaim, error: Exception, *, report: OcrReport) -> None:
    message = _failure_message(error)
    _page_failed(claim, message)
    report.failed_pages += 1
    report.errors.append(f"document {claim.document_id} page {claim.page_number}: {message}")


def _page_done(claim: PageClaim, text: str, confidence: float | None) -> None:
    _settle(claim, PageStatus.done, "")
    db.session.execute(delete(DocumentPage).where(
        DocumentPage.document_id == claim.document_id,
        DocumentPage.page_number == claim.page_number))
    db.session.execute(insert(DocumentPage), [{
        "document_id": claim.document_id, "page_number": claim.page_number, "text": text,
        "text_source": "ocr", "ocr_confidence": confidence}])
    db.session.commit()


def _page_failed(claim: PageClaim, message: str) -> None:
    try:
        _settle(claim, PageStatus.failed, message)
        db.session.commit()
    except ClaimLost:
        db.session.rollback()


def _page_release(claim: PageClaim) -> None:
    # Not the page's fault: it waits in the queue for the store to come back.
    db.session.execute(update(OcrPage).where(
        OcrPage.id == claim.id, OcrPage.status == PageStatus.running,
        OcrPage.claimed_at == claim.claimed_at).values(
        status=PageStatus.pending, attempts=OcrPage.attempts - 1))
    db.session.commit()


def _settle(claim: PageClaim, status: str, error: str) -> None:
    result = db.session.execute(update(OcrPage).where(
        OcrPage.id == claim.id, OcrPage.status == PageStatus.running,
        OcrPage.claimed_at == claim.claimed_at).values(
        status=status, error=error[:MAX_ERROR_CHARS]))
    if result.rowcount != 1:
        raise ClaimLost(claim.id)
    _count_done(claim.document_id)


def _count_done(document_id: int) -> None:
    # An increment in the database, not a read-modify-write: two workers finish pages at once.
    db.session.execute(update(Document).where(Document.id == document_id)
                       .values(ocr_pages_done=Document.ocr_pages_done + 1))


def _failure_message(error: Exception) -> str:
    if isinstance(error, PageUnreadable):
        return str(error)
    if isinstance(error, FileNotFoundError):
        return "The stored file is missing; run verify-documents to check the store."
    log.exception("OCR failed unexpectedly")
    return f"OCR failed unexpectedly ({type(error).__name__}: {str(error)[:300]})."


def _merged(reports: list[OcrReport]) -> OcrReport:
    merged = OcrReport()
    for report in reports:
        merged.pages += report.pages
        merged.failed_pages += report.failed_pages
        merged.lost += report.lost
        merged.copies += report.copies
        merged.errors += report.errors
        merged.stopped = merged.stopped or report.stopped
    return merged

