"""A plain scan is handed to Tesseract as its own image, every other page as PDFium draws it."""

import io

import pikepdf
import pytest
from ocrmypdf.helpers import Resolution
from PIL import Image, ImageChops

from foia_tracker.ocr import scan_image_plugin
from foia_tracker.ocr.engine import OcrLimits, ocr_pages

from .conftest import needs_tesseract
from .scans import CONTRACT, DPI, page_image, pdf_with_text_layer, scanned_pdf

AT_SCAN_DPI = Resolution(DPI, DPI)


def rasterize(pdf: bytes, tmp_path, *, dpi=AT_SCAN_DPI, device="pnggray", rotation=None):
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf)
    return scan_image_plugin.rasterize_pdf_page(
        input_file=source, output_file=tmp_path / "out.png", raster_device=device,
        raster_dpi=dpi, pageno=1, page_dpi=dpi, rotation=rotation, filter_vector=False,
        stop_on_soft_error=False, options=None, use_cropbox=False)


def embedded_image(pdf: bytes) -> Image.Image:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        (image,) = document.pages[0].get_images().values()
        return pikepdf.PdfImage(image).as_pil_image()


def edited(pdf: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        change(document, document.pages[0])
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def test_a_plain_scan_is_given_as_its_own_pixels(tmp_path):
    scan = scanned_pdf([page_image(CONTRACT)])
    written = rasterize(scan, tmp_path)
    with Image.open(written) as image:
        assert image.format == "PNG" and image.mode == "L"
        assert round(image.info["dpi"][0]) == DPI
        assert ImageChops.difference(image, embedded_image(scan)).getbbox() is None


@pytest.mark.parametrize("device, mode", [("pngmono", "1"), ("png16m", "RGB")])
def test_the_image_is_written_as_the_device_asks(tmp_path, device, mode):
    with Image.open(rasterize(scanned_pdf([page_image(CONTRACT)]), tmp_path,
                              device=device)) as image:
        assert image.mode == mode


def rotated(document, page):
    page.obj.Rotate = 90


def annotated(document, page):
    page.obj.Annots = document.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Square, Rect=[0, 0, 50, 50])]))


def masked(document, page):
    (image,) = page.get_images().values()
    image.SMask = document.make_stream(
        b"\xff" * (image.Width * image.Height), Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image, Width=image.Width, Height=image.Height,
        ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8)


def inverted(document, page):
    (image,) = page.get_images().values()
    image.Decode = [1, 0]


def half_page(document, page):
    box = [float(value) for value in page.mediabox]
    page.obj.Contents = document.make_stream(
        f"q {box[2] / 2} 0 0 {box[3]} 0 0 cm /{next(iter(page.get_images()))[1:]} Do Q".encode())


@pytest.mark.parametrize("change", [rotated, annotated, masked, inverted, half_page])
def test_a_page_that_shows_more_or_other_than_its_image_is_drawn_by_pdfium(tmp_path, change):
    assert rasterize(edited(scanned_pdf([page_image(CONTRACT)]), change), tmp_path) is None


def test_other_resolutions_rotations_and_text_pages_are_drawn_by_pdfium(tmp_path):
    scan = scanned_pdf([page_image(CONTRACT)])
    # OCRmyPDF's orientation preview asks for a smaller image than the scan's.
    assert rasterize(scan, tmp_path, dpi=Resolution(72, 72)) is None
    assert rasterize(scan, tmp_path, rotation=90) is None
    assert rasterize(pdf_with_text_layer(page_image(CONTRACT), "invoice 4471"), tmp_path) is None


@needs_tesseract
def test_ocr_of_a_scan_reads_its_own_image(tmp_path, monkeypatch):
    handed = []
    original = scan_image_plugin._whole_page_image

    def spy(*args):
        image = original(*args)
        handed.append(image is not None)
        return image

    monkeypatch.setattr(scan_image_plugin, "_whole_page_image", spy)
    source = tmp_path / "scan.pdf"
    source.write_bytes(scanned_pdf([page_image(CONTRACT), page_image(CONTRACT[::-1])]))
    work = tmp_path / "work"
    work.mkdir()
    results = ocr_pages(source, media_type="application/pdf", page_numbers=[1, 2],
                        languages="eng", work=work, limits=OcrLimits())
    assert handed == [True, True]
    assert "invoice number 4471" in results[1].text and "Clearview" in results[2].text
