"""The ocr-documents command: OCR without the scheduler."""

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.extensions import db
from foia_tracker.ocr.status import OcrStatus

from .conftest import needs_tesseract
from .scans import CONTRACT, page_image, scanned_pdf


@needs_tesseract
def test_ocr_documents_reads_the_waiting_pages(runner, records_request, make_document):
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT), None]))
    extraction_run()
    result = runner.invoke(args=["ocr-documents", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Read 2 pages by OCR (0 could not be read); made 1 searchable copies." in result.output
    db.session.expire_all()
    assert document.ocr_status is OcrStatus.done


def test_ocr_documents_without_tesseract_says_so(runner, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = runner.invoke(args=["ocr-documents"])
    assert result.exit_code == 0
    assert "OCR is not available on this server" in result.output
