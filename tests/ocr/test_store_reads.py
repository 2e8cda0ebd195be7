"""OCR of a scan kept in an object store: the original is downloaded once per batch of pages.

Each download of an original is a whole-object GET; before batching, a 5-page scan cost five.
"""

import os

import pytest

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.extensions import db
from foia_tracker.ocr import worker
from foia_tracker.ocr.status import OcrStatus
from foia_tracker.ocr.worker import ocr_run
from foia_tracker.storage import document_store

from .conftest import needs_tesseract
from .scans import ALPR, CONTRACT, DRONES, page_image, scanned_pdf

pytestmark = needs_tesseract


@pytest.fixture
def documents_backend() -> str:
    return "s3"


@pytest.fixture
def original_gets():
    """Count the GET requests the app sends for each object key (derived files included)."""
    counts: dict[str, int] = {}

    def count(params, **_):
        counts[params["Key"]] = counts.get(params["Key"], 0) + 1

    events = document_store().client.meta.events
    events.register("before-parameter-build.s3.GetObject", count)
    yield counts
    events.unregister("before-parameter-build.s3.GetObject", count)


def test_a_scan_on_s3_is_downloaded_once_for_its_pages(
        app, records_request, make_document, original_gets):
    pages = [CONTRACT, DRONES, ALPR, CONTRACT, DRONES]
    document = make_document(records_request, scanned_pdf([page_image(p) for p in pages]))
    extraction_run()
    original_gets.clear()
    report = ocr_run()
    db.session.expire_all()
    assert document.ocr_status is OcrStatus.done, document.ocr_error
    assert report.pages == 5 and report.copies == 1
    key = document_store().key_for(document.sha256)
    # One download for the five pages (one batch), one to put the searchable copy together.
    assert original_gets[key] == 2
    staging = app.config["DOCUMENTS_STAGING_PATH"]
    assert not os.path.exists(staging) or os.listdir(staging) == []  # the staged copies are gone


def test_a_long_scan_is_downloaded_once_per_batch(
        app, records_request, make_document, original_gets, monkeypatch):
    monkeypatch.setattr(worker, "PAGES_PER_CLAIM", 2)
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT)] * 5))
    extraction_run()
    original_gets.clear()
    assert ocr_run().pages == 5
    db.session.expire_all()
    assert document.ocr_status is OcrStatus.done, document.ocr_error
    # Batches of pages 1-2, 3-4 and 5, then the searchable copy.
    assert original_gets[document_store().key_for(document.sha256)] == 4
