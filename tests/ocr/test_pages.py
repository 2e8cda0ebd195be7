"""OCR of scans made in the tests: search finds the known words on the right page, from OCR."""

from sqlalchemy import select

from foia_tracker.documents.models import DocumentPage
from foia_tracker.documents.search import documents_search
from foia_tracker.extensions import db
from foia_tracker.ocr.status import OcrStatus

from .conftest import needs_tesseract
from .scans import ALPR, CONTRACT, DRONES, page_image, scanned_pdf

pytestmark = needs_tesseract


def hits(organisation_id, query):
    return [(hit.exhibit_number, hit.page_number, hit.text_source)
            for hit in documents_search(organisation_id=organisation_id, query=query).hits]


def page(document, number) -> DocumentPage:
    return db.session.scalar(select(DocumentPage).where(
        DocumentPage.document_id == document.id, DocumentPage.page_number == number))


def test_a_scanned_pdf_is_read_page_by_page_and_found_by_search(
        records_request, make_document, process):
    document = make_document(records_request, scanned_pdf([
        page_image(CONTRACT), page_image(DRONES, rotate=180), None,
        page_image(ALPR, skew=4)]))
    report = process()
    assert document.ocr_status is OcrStatus.done, document.ocr_error
    assert (document.ocr_pages_done, document.ocr_pages_total) == (4, 4)
    organisation = records_request.organisation_id
    exhibit = document.exhibit_number
    assert hits(organisation, "Clearview") == [(exhibit, 1, "ocr")]
    assert hits(organisation, "Skydio commissioners") == [(exhibit, 2, "ocr")]  # upside down
    assert hits(organisation, "intersections") == [(exhibit, 4, "ocr")]  # skewed
    assert page(document, 3).text == "" and page(document, 3).ocr_confidence is None  # blank
    assert page(document, 1).ocr_confidence > 60
    assert report.pages == 4 and report.copies == 1
    assert document.searchable_sha256 and document.searchable_sha256 != document.sha256
