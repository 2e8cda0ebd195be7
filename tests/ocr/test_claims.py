"""Claims on pages: never two workers on one page, stale claims taken over, documents take turns.

These need no Tesseract: they claim pages and write outcomes as the worker does.
"""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.ocr.models import OcrPage
from foia_tracker.ocr.planning import plan_waiting
from foia_tracker.ocr.status import OcrStatus, PageStatus
from foia_tracker.ocr.worker import (MAX_ATTEMPTS, ClaimLost, _settle, page_claim)

from .scans import scanned_pdf

T0 = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)


def queued(make_document, records_request, pages: int) -> Document:
    """A scanned PDF whose text extraction found no text, ready to be planned for OCR."""
    document = make_document(records_request, scanned_pdf([None] * pages), page_count=pages)
    extraction_run()
    return document


def claim(now=T0, stale_before=T0 - timedelta(minutes=15)):
    return page_claim(now=now, stale_before=stale_before)


def test_claims_take_pages_in_turn_from_each_document(records_request, make_document, app):
    long_scan = queued(make_document, records_request, 5)
    letter = queued(make_document, records_request, 1)
    plan_waiting(now=T0)
    order = []
    for minute in range(7):
        taken = claim(now=T0 + timedelta(minutes=minute + 1))
        if taken is None:
            break
        order.append((taken.document_id, taken.page_number))
    # The letter's only page comes second, not after the scan's five.
    assert order[:2] == [(long_scan.id, 1), (letter.id, 1)]
    assert sorted(order) == sorted([(long_scan.id, n) for n in range(1, 6)] + [(letter.id, 1)])


def test_a_claimed_page_is_not_claimed_again_until_its_claim_is_stale(
        records_request, make_document, app):
    queued(make_document, records_request, 1)
    plan_waiting(now=T0)
    first = claim()
    assert first is not None
    assert claim(now=T0 + timedelta(minutes=1)) is None  # held
    taken_over = claim(now=T0 + timedelta(minutes=20), stale_before=T0 + timedelta(minutes=5))
    assert (taken_over.document_id, taken_over.page_number) == (first.document_id, 1)
    # The first worker comes back: its outcome is refused, nothing is written.
    try:
        _settle(first, PageStatus.done, "")
        raise AssertionError("a lost claim wrote its outcome")
    except ClaimLost:
        db.session.rollback()


def test_a_page_that_keeps_killing_its_worker_is_given_up(records_request, make_document, app):
    document = queued(make_document, records_request, 1)
    plan_waiting(now=T0)
    now = T0
    for _ in range(MAX_ATTEMPTS):
        assert claim(now=now, stale_before=now - timedelta(minutes=15)) is not None
        now += timedelta(hours=1)  # the worker died; its claim goes stale
    assert claim(now=now, stale_before=now - timedelta(minutes=15)) is None
    page = db.session.scalar(select(OcrPage).where(OcrPage.document_id == document.id))
    assert page.status == PageStatus.failed and "interrupted 3 times" in page.error
    db.session.refresh(document)
    assert document.ocr_pages_done == 1 and document.ocr_status is OcrStatus.running


def test_planning_twice_queues_the_pages_once(records_request, make_document, app):
    document = queued(make_document, records_request, 1)
    assert plan_waiting(now=T0) == 1
    assert plan_waiting(now=T0) == 0
    assert db.session.scalar(select(db.func.count()).select_from(OcrPage).where(
        OcrPage.document_id == document.id)) == 1
