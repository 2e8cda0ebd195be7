"""Bad files end in a clear state, quickly: never a stuck job, a crash loop or a 500."""

import io

import pikepdf
from sqlalchemy import select

from foia_tracker.documents.search import documents_search
from foia_tracker.ocr.models import OcrPage
from foia_tracker.ocr.status import OcrStatus, PageStatus
from foia_tracker.extensions import db

from .conftest import needs_tesseract
from .scans import CONTRACT, page_image, png, scanned_pdf

pytestmark = needs_tesseract


def test_a_file_that_is_not_a_pdf_fails_once_with_a_reason(records_request, make_document,
                                                          process):
    document = make_document(records_request, b"%PDF-1.3\nThis is not a valid PDF file\n%%EOF")
    report = process()
    assert document.ocr_status is OcrStatus.failed
    assert "could not be read as a PDF" in document.ocr_error
    assert process().pages == 0 and report.pages == 0  # nothing left to retry


def test_a_password_protected_pdf_fails_with_a_reason(records_request, make_document, process):
    buffer = io.BytesIO()
    with pikepdf.open(io.BytesIO(scanned_pdf([page_image(CONTRACT)]))) as pdf:
        pdf.save(buffer, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    document = make_document(records_request, buffer.getvalue())
    process()
    assert document.ocr_status is OcrStatus.failed
    assert "password-protected" in document.ocr_error


def test_a_huge_page_is_read_from_a_rendering_within_the_pixel_bound(
        app, records_request, make_document, process):
    app.config["OCR_MAX_PAGE_MEGAPIXELS"] = 0.5  # the 5 x 4 inch page at 200 dpi is 0.8
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT)]))
    process()
    assert document.ocr_status is OcrStatus.done
    assert [hit.page_number for hit in documents_search(
        organisation_id=records_request.organisation_id, query="Clearview").hits] == [1]


def test_an_image_far_over_the_pixel_bound_is_given_up_at_once(
        app, records_request, make_document, process):
    app.config["OCR_MAX_PAGE_MEGAPIXELS"] = 0.1
    document = make_document(records_request, png(page_image(CONTRACT)), name="scan.png",
                             media_type="image/png")
    report = process()
    page = db.session.scalar(select(OcrPage).where(OcrPage.document_id == document.id))
    assert page.status == PageStatus.failed
    assert "too large for OCR (0.8 megapixels; the limit is 0.4)" in page.error
    assert document.ocr_status is OcrStatus.done and document.searchable_sha256 is None
    assert report.failed_pages == 1


def test_without_tesseract_nothing_is_read_and_nothing_breaks(
        records_request, make_document, process, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT)]))
    report = process()
    assert "OCR is not available on this server" in report.stopped
    assert document.ocr_status is OcrStatus.pending


def test_retrying_a_failed_extraction_plans_ocr_again(records_request, make_document, process):
    from foia_tracker.documents.extraction import extraction_retry

    document = make_document(records_request, b"%PDF-1.3\nThis is not a valid PDF file\n%%EOF")
    process()
    assert document.ocr_status is OcrStatus.failed
    extraction_retry(document.id)
    db.session.expire_all()
    assert document.ocr_status is OcrStatus.pending and document.ocr_error == ""
    process()
    assert document.ocr_status is OcrStatus.failed  # still not a PDF: failed again, once
