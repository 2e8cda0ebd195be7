"""One page of a large PDF is drawn from a few ranges of the file, never the whole file."""

import io
import random

from fpdf import FPDF
from PIL import Image

from foia_tracker.reader.render import pdf_page_total, render_pdf_page
from foia_tracker.storage.ranged import BLOCK_BYTES, RangedReader


def scanned_pdf(pages: int) -> bytes:
    """Return a PDF of pages that are each a noisy 'scan' (about 200 KB of JPEG apiece)."""
    pdf = FPDF()
    for number in range(pages):
        noise = Image.frombytes("L", (700, 900), random.Random(number).randbytes(700 * 900))
        scan = io.BytesIO()
        noise.save(scan, "JPEG", quality=60)
        pdf.add_page()
        pdf.image(scan, x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())


class CountingSource:
    """The bytes of an object, fetched by range as S3 serves them; counts what was fetched."""

    def __init__(self, data: bytes):
        self.data = data
        self.fetched = 0

    def fetch(self, start: int, stop: int) -> bytes:
        self.fetched += stop - start
        return self.data[start:stop]


def test_a_page_of_a_large_pdf_reads_a_small_part_of_it():
    data = scanned_pdf(40)
    source = CountingSource(data)
    reader = RangedReader(len(data), source.fetch)
    assert pdf_page_total(reader) == 40
    image = render_pdf_page(reader, 30, 800)
    assert image.width == 800
    # The cross-reference table and one page's objects, in whole blocks: far from everything.
    assert source.fetched < len(data) / 4, (source.fetched, len(data))


def test_reads_past_the_end_and_across_blocks_return_the_right_bytes():
    data = bytes(range(256)) * (3 * BLOCK_BYTES // 256 + 7)
    reader = RangedReader(len(data), CountingSource(data).fetch)
    reader.seek(BLOCK_BYTES - 5)
    assert reader.read(10) == data[BLOCK_BYTES - 5:BLOCK_BYTES + 5]
    reader.seek(-3, io.SEEK_END)
    assert reader.read(100) == data[-3:]
    assert reader.read(1) == b""
    reader.seek(0)
    assert reader.read() == data
