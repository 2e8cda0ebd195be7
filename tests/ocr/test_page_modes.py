"""Plain scans keep their own page in the copy; any other page is still read in forced mode."""

import io

import pikepdf
import pytest

from foia_tracker.ocr import engine
from foia_tracker.ocr.copy import copy_file_name
from foia_tracker.storage import document_store

from .conftest import needs_tesseract
from .scans import ALPR, CONTRACT, PAGE_INCHES, page_image, scanned_pdf

pytestmark = needs_tesseract


def page_images(data: bytes) -> list[bytes]:
    """Return the raw (still encoded) bytes of the first page's images."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [image.read_raw_bytes() for image in pdf.pages[0].get_images().values()]


def text_over_scan(image, text: str) -> bytes:
    """Return a one-page PDF of a page image with this text written over it, on the same page."""
    from fpdf import FPDF

    pdf = FPDF(unit="in", format=(PAGE_INCHES[1], PAGE_INCHES[0]))
    pdf.set_auto_page_break(False)
    pdf.add_page(orientation="L")
    pdf.image(image, x=0, y=0, w=PAGE_INCHES[0], h=PAGE_INCHES[1])
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(0.2, 3.5)
    pdf.cell(text=text)
    return bytes(pdf.output())


def vector_page() -> bytes:
    """Return a one-page PDF that draws only a filled box: no image, no text."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(360, 288))
    pdf.pages[0].Contents = pdf.make_stream(b"0 0 0 rg 72 72 144 36 re f")
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def read(tmp_path, data: bytes) -> engine.PageOcr:
    source = tmp_path / "source.pdf"
    source.write_bytes(data)
    work = tmp_path / "work"
    work.mkdir()
    return engine.ocr_page(source, media_type=engine.PDF, page_number=1, languages="eng",
                           work=work, limits=engine.OcrLimits())


def test_the_copy_of_a_scan_keeps_the_scans_own_image(records_request, make_document, process):
    original = scanned_pdf([page_image(CONTRACT)])
    document = make_document(records_request, original, name="contract.pdf")
    process()
    with document_store().open_derived(document.sha256, copy_file_name(document.id)) as copy:
        kept = copy.read()
    # The same encoded image, not a rendering of it: the copy shows the evidence as it came.
    assert page_images(kept) == page_images(original)


@pytest.mark.parametrize("data, is_plain", [
    (scanned_pdf([page_image(CONTRACT)]), True),
    (text_over_scan(page_image(CONTRACT), "#### %%%%"), False),
    (vector_page(), False),
])
def test_only_pages_that_draw_images_and_no_text_are_plain_scans(tmp_path, data, is_plain):
    single = tmp_path / "page.pdf"
    single.write_bytes(data)
    assert engine._is_plain_scan(single) is is_plain


def test_a_text_page_the_check_lets_through_is_read_in_forced_mode(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "_is_plain_scan", lambda single: True)
    result = read(tmp_path, text_over_scan(page_image(ALPR), "#### %%%% @@@@"))
    assert "Flock Safety" in result.text and "####" not in result.text


def test_a_page_default_mode_would_skip_is_read_in_forced_mode(tmp_path, monkeypatch):
    # With deskew on, OCRmyPDF's default mode skips a page it finds no image on.
    monkeypatch.setattr(engine, "_is_plain_scan", lambda single: True)
    single = tmp_path / "page.pdf"
    single.write_bytes(vector_page())
    work = tmp_path / "work"
    work.mkdir()
    result = engine._read({1: single}, "eng", work / "again", engine.OcrLimits(),
                          is_checking=True)[1]
    assert result.text == "" and result.confidence is None and result.pdf.exists()
