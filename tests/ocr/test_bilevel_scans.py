"""JBIG2 and CCITT Group 4 scans made in the tests: the reader shows each page, and OCR finds the
known words on the right page, without the shared corpus (ccitt.pdf there is one real file)."""

import io

import pypdfium2
from PIL import Image, ImageChops

from foia_tracker.documents.search import documents_search
from foia_tracker.ocr.status import OcrStatus

from .conftest import needs_tesseract
from .scans import (CONTRACT, DRONES, DPI, bilevel, ccitt_pdf, image_filters, jbig2_pdf,
                    page_image)

pytestmark = needs_tesseract


def hits(records_request, query):
    return [(hit.page_number, hit.text_source) for hit in documents_search(
        organisation_id=records_request.organisation_id, query=query).hits]


def assert_read_and_shown(client, login, editor, records_request, make_document, process, data):
    document = make_document(records_request, data, name="scan.pdf")
    report = process()
    # A clear end: done, both pages read by OCR, never left waiting.
    assert document.ocr_status is OcrStatus.done, document.ocr_error
    assert (document.ocr_pages_done, document.ocr_pages_total) == (2, 2)
    assert report.failed_pages == 0
    assert hits(records_request, "Clearview") == [(1, "ocr")]
    assert hits(records_request, "Skydio commissioners") == [(2, "ocr")]
    login(editor)
    for number in (1, 2):
        page = client.get(f"/documents/{document.id}/pages/{number}")
        assert page.status_code == 200 and 'id="page-image"' in page.text, page.text[:300]
        image = client.get(f"/documents/{document.id}/pages/{number}/image?width=800")
        assert image.status_code == 200 and image.mimetype.startswith("image/")
        with Image.open(io.BytesIO(image.data)) as shown:
            # The page is drawn, not an empty frame: dark text pixels on it.
            assert shown.convert("L").getextrema()[0] < 64
    assert "/pages/3" not in client.get(f"/documents/{document.id}/pages/2").text


def test_a_jbig2_scan_is_shown_and_read(client, login, editor, records_request, make_document,
                                       process):
    pages = [page_image(CONTRACT), page_image(DRONES, rotate=180)]
    data = jbig2_pdf(pages)
    assert image_filters(data) == ["/JBIG2Decode", "/JBIG2Decode"]
    assert_read_and_shown(client, login, editor, records_request, make_document, process, data)


def test_the_jbig2_scan_decodes_to_the_page_it_was_made_from():
    # The test's own JBIG2 writer is checked against a real decoder (PDFium), pixel for pixel,
    # so the test above reads a true JBIG2 scan and not a page the decoders would garble.
    page = page_image(CONTRACT)
    pdf = pypdfium2.PdfDocument(jbig2_pdf([page]))
    try:
        rendered = pdf[0].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        pdf.close()
    assert rendered.size == page.size
    expected = bilevel(page).convert("L")
    assert ImageChops.difference(rendered.point(lambda value: 255 if value > 128 else 0),
                                 expected).getbbox() is None


def test_a_ccitt_group4_scan_is_shown_and_read(client, login, editor, records_request,
                                              make_document, process):
    data = ccitt_pdf([page_image(CONTRACT), page_image(DRONES, rotate=180)])
    assert image_filters(data) == ["/CCITTFaxDecode", "/CCITTFaxDecode"]
    assert_read_and_shown(client, login, editor, records_request, make_document, process, data)
