"""OCR of images and of pages with a garbage text layer; pages with text of their own are kept."""

from sqlalchemy import select

from foia_tracker.documents.models import DocumentPage
from foia_tracker.documents.search import documents_search
from foia_tracker.ocr.models import OcrPage
from foia_tracker.ocr.services import organisation_ocr_languages_set
from foia_tracker.ocr.status import OcrStatus
from foia_tracker.extensions import db

from ..files import make_pdf
from .conftest import needs_tesseract
from .scans import (ALPR, CONTRACT, DRONES, SPANISH, page_image, pdf_with_text_layer, png,
                    scanned_pdf, tiff, without_text_mapping)

pytestmark = needs_tesseract


def hits(records_request, query):
    return [(hit.page_number, hit.text_source) for hit in documents_search(
        organisation_id=records_request.organisation_id, query=query).hits]


def test_a_multi_page_tiff_is_read_page_by_page(records_request, make_document, process):
    document = make_document(records_request, tiff([page_image(CONTRACT), page_image(DRONES)]),
                             name="release.tif", media_type="image/tiff")
    process()
    assert document.ocr_status is OcrStatus.done and document.ocr_pages_total == 2
    assert hits(records_request, "Clearview") == [(1, "ocr")]
    assert hits(records_request, "Skydio") == [(2, "ocr")]
    assert document.searchable_sha256  # a PDF made of the image's pages


def test_a_png_without_resolution_is_read(records_request, make_document, process):
    document = make_document(records_request, png(page_image(ALPR, rotate=90)),
                             name="scan.png", media_type="image/png")
    process()
    assert document.ocr_status is OcrStatus.done
    assert hits(records_request, "intersections") == [(1, "ocr")]


def test_a_garbage_text_layer_is_replaced_by_ocr(records_request, make_document, process):
    document = make_document(records_request, pdf_with_text_layer(
        page_image(DRONES), "#### %%%% @@@@ ~~~~ ^^^^ ||||"))
    process()
    assert document.ocr_status is OcrStatus.done
    assert hits(records_request, "Skydio") == [(1, "ocr")]


def test_pages_with_their_own_text_are_not_read_by_ocr(records_request, make_document, process):
    document = make_document(records_request, make_pdf(["Contract with Clearview AI, signed."]))
    report = process()
    assert document.ocr_status is OcrStatus.not_needed and report.pages == 0
    assert hits(records_request, "Clearview") == [(1, "file")]
    assert db.session.scalar(select(OcrPage).where(OcrPage.document_id == document.id)) is None


def test_only_the_scanned_pages_of_a_mixed_pdf_are_read(records_request, make_document,
                                                        process):
    from pypdf import PdfReader, PdfWriter
    import io

    born_digital = PdfReader(io.BytesIO(make_pdf(["Typed cover letter from the records office"])))
    scan = PdfReader(io.BytesIO(pdf_with_text_layer(page_image(ALPR), "")))
    writer = PdfWriter()
    writer.add_page(born_digital.pages[0])
    writer.add_page(scan.pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    document = make_document(records_request, buffer.getvalue())
    process()
    assert document.ocr_pages_total == 1
    assert hits(records_request, "cover letter") == [(1, "file")]
    assert hits(records_request, "intersections") == [(2, "ocr")]


def test_an_organisation_that_added_spanish_reads_spanish(records_request, make_document,
                                                          process):
    organisation_ocr_languages_set(organisation_id=records_request.organisation_id,
                                   languages="eng+spa")
    document = make_document(records_request, png(page_image(SPANISH)), name="contrato.png",
                             media_type="image/png")
    process()
    assert document.ocr_language == "eng+spa"
    text = db.session.scalar(select(DocumentPage.text).where(
        DocumentPage.document_id == document.id))
    assert "cámaras" in text and "según" in text


def test_orientation_and_deskew_can_be_turned_off(app, records_request, make_document, process):
    app.config.update(OCR_ROTATE_PAGES=False, OCR_DESKEW=False)
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT)]))
    process()
    assert document.ocr_status is OcrStatus.done and document.searchable_sha256
    assert hits(records_request, "Clearview") == [(1, "ocr")]


def test_a_font_without_text_mapping_is_read_by_ocr(records_request, make_document, process):
    document = make_document(records_request, without_text_mapping(pdf_with_text_layer(
        page_image(ALPR), "License plate readers from Flock Safety")))
    process()
    assert document.ocr_status is OcrStatus.done
    assert hits(records_request, "Flock intersections") == [(1, "ocr")]
