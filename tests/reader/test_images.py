"""Page images: multi-page TIFFs, huge pages within a pixel bound, bombs refused, the cache."""

import io
import random
import struct
import zlib

from fpdf import FPDF
from PIL import Image

from foia_tracker.reader.images import page_image_name
from foia_tracker.reader.render import MAX_PIXELS, bounded_size
from foia_tracker.storage import document_store

from .conftest import png_size, tiff_pages


def pdf_of_size(width_pt: float, height_pt: float, text="A very large page") -> bytes:
    """Return a one-page PDF of the given page size (points), with a line of text on it."""
    pdf = FPDF(unit="pt", format=(width_pt, height_pt))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=24)
    pdf.text(10, 40, text)
    return bytes(pdf.output())


def png_bomb(width: int, height: int) -> bytes:
    """Return a small PNG file whose header claims an enormous grey image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 64)  # only a few rows: the rest is missing
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) \
        + chunk(b"IEND", b"")


def test_a_multi_page_tiff_pages_like_a_pdf(client, login, editor, records_request, extracted):
    document = extracted(records_request, tiff_pages(["red", "lime", "blue"]),
                         name="scan.tiff", media_type="image/tiff")
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/2")
    assert page.status_code == 200 and "of 3" in page.text
    image = client.get(f"/documents/{document.id}/pages/2/image?width=800")
    with Image.open(io.BytesIO(image.data)) as drawn:
        assert drawn.size == (800, 1066)
        assert drawn.convert("RGB").getpixel((400, 500)) == (0, 255, 0)
    assert client.get(f"/documents/{document.id}/pages/4").status_code == 404
    assert client.get(f"/documents/{document.id}/pages/4/image?width=160").status_code == 404


def test_a_single_image_is_one_page(client, login, editor, records_request, extracted):
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(out, "JPEG")
    document = extracted(records_request, out.getvalue(), name="photo.jpg",
                         media_type="image/jpeg")
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200 and 'id="page-image"' in page.text
    assert client.get(f"/documents/{document.id}/pages/2").status_code == 404


def test_a_huge_page_is_drawn_within_the_pixel_bound(
        client, login, editor, records_request, extracted):
    # 14,400 points is the largest page PDF allows: 200 inches, or a 2400 dpi scan's 8 x 200.
    tall = extracted(records_request, pdf_of_size(200, 14400), name="roll.pdf", page_count=1)
    huge = extracted(records_request, pdf_of_size(14400, 14400), name="map.pdf", page_count=1)
    login(editor)
    for document in (tall, huge):
        response = client.get(f"/documents/{document.id}/pages/1/image?width=1600")
        assert response.status_code == 200
        width, height = png_size(response.data)
        assert 0 < width * height <= MAX_PIXELS
    assert png_size(client.get(f"/documents/{huge.id}/pages/1/image?width=1600").data) \
        == (1600, 1600)


def test_the_bound_keeps_the_page_s_shape():
    assert bounded_size(612, 792, 800) == (800, 1035)
    width, height = bounded_size(200, 14400, 1600)
    assert width * height <= MAX_PIXELS and abs(height / width - 72) < 0.5


def test_a_decompression_bomb_is_a_clear_page_error_not_a_500(
        client, login, editor, records_request, extracted):
    document = extracted(records_request, png_bomb(40000, 40000), name="bomb.png",
                         media_type="image/png")
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200 and "too large to show here" in page.text
    image = client.get(f"/documents/{document.id}/pages/1/image?width=800")
    assert image.status_code == 422 and "too large to show here" in image.text


def test_a_truncated_image_is_a_clear_page_error(client, login, editor, records_request,
                                                 extracted):
    noise = Image.frombytes("L", (600, 800), random.Random(1).randbytes(600 * 800))
    out = io.BytesIO()
    noise.save(out, "PNG")
    document = extracted(records_request, out.getvalue()[:len(out.getvalue()) // 2],
                         name="cut.png", media_type="image/png")
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200
    assert "could not be read (image file is truncated)" in page.text


def test_the_second_view_is_served_from_the_store(
        client, login, editor, records_request, extracted):
    original = pdf_of_size(612, 792)
    document = extracted(records_request, original, page_count=1)
    login(editor)
    store = document_store()
    name = page_image_name(1, 800)
    assert not store.derived_exists(document.sha256, name)
    first = client.get(f"/documents/{document.id}/pages/1/image?width=800").data
    with store.open_derived(document.sha256, name) as kept:
        assert kept.read() == first

    # Replace the kept image: the next view serves what the store holds, without drawing.
    marker = io.BytesIO()
    Image.new("RGB", (800, 10), "purple").save(marker, "PNG")
    path = store.staging_dir / "marker.png"
    path.write_bytes(marker.getvalue())
    store.put_derived(document.sha256, name, path)
    assert client.get(f"/documents/{document.id}/pages/1/image?width=800").data \
        == marker.getvalue()

    # Lost from the store, it is drawn again on demand.
    store.delete_derived(document.sha256)
    assert client.get(f"/documents/{document.id}/pages/1/image?width=800").data == first
    assert store.derived_exists(document.sha256, name)
    # The evidence itself is untouched by all this.
    with store.open(document.sha256) as kept_original:
        assert kept_original.read() == original


def test_an_unchanged_image_is_not_sent_again(client, login, editor, records_request, extracted):
    document = extracted(records_request, pdf_of_size(612, 792), page_count=1)
    login(editor)
    url = f"/documents/{document.id}/pages/1/image?width=160"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
