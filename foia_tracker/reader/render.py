"""Page images: one page of a PDF, or one frame of an image, drawn within a pixel bound.

Pure functions of a seekable binary stream; no Flask, no database. Nothing here reads a whole
file to show one page: PDFium loads the page it is asked for (reading the cross-reference and
that page's objects), and Pillow decodes one frame, JPEGs at reduced size where it can.
"""

import io
import math
import threading
import warnings
from typing import BinaryIO

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

#: The widths a page image is drawn at: the thumbnail, the page, and the page zoomed twice.
WIDTHS = (160, 800, 1200, 1600)
THUMBNAIL_WIDTH = 160
#: No page image has more pixels than this, whatever the page's shape or size (a very long or
#: very large page is drawn smaller): about 24 MB of memory while it is drawn.
MAX_PIXELS = 6_000_000
#: Above this many pixels only a JPEG (decoded at reduced size) is shown; other images would
#: have to be decoded whole first.
MAX_DECODED_PIXELS = Image.MAX_IMAGE_PIXELS
# PDFium is not thread-safe; one page is drawn at a time per process.
_PDFIUM = threading.Lock()


class PageUnreadable(Exception):
    """The page cannot be drawn; the message says why, for the person reading."""


class NoSuchPage(PageUnreadable):
    """The file has fewer pages than the one asked for."""


def bounded_size(width: float, height: float, target_width: int,
                 max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """Return the size to draw a width x height page at: target_width wide, within the bound."""
    if width <= 0 or height <= 0:
        raise PageUnreadable("The page has no size.")
    scale = target_width / width
    if width * scale * height * scale > max_pixels:
        scale = math.sqrt(max_pixels / (width * height))
    return max(1, math.floor(width * scale)), max(1, math.floor(height * scale))


def pdf_page_total(stream: BinaryIO) -> int:
    with _PDFIUM, _pdf(stream) as pdf:
        return len(pdf)


def render_pdf_page(stream: BinaryIO, number: int, width: int) -> Image.Image:
    """Return page `number` (from 1) of the PDF, `width` pixels wide or less."""
    with _PDFIUM, _pdf(stream) as pdf:
        if not 1 <= number <= len(pdf):
            raise NoSuchPage(f"The PDF has no page {number}.")
        try:
            page = pdf[number - 1]
            try:
                page_width, page_height = page.get_size()
                pixels_wide, _ = bounded_size(page_width, page_height, width)
                bitmap = page.render(scale=pixels_wide / page_width, may_draw_forms=True)
                try:
                    return bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError as error:
            raise PageUnreadable(f"Page {number} of the PDF could not be drawn ({error}).")


class _pdf:
    """Open a PDF for one use, turning PDFium's load errors into PageUnreadable."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream

    def __enter__(self) -> pdfium.PdfDocument:
        try:
            self.pdf = pdfium.PdfDocument(self.stream)
        except pdfium.PdfiumError as error:
            if "password" in str(error).lower():
                raise PageUnreadable("The PDF is password-protected; its pages cannot be shown.")
            raise PageUnreadable(f"The file could not be read as a PDF ({error}).")
        return self.pdf

    def __exit__(self, *exc) -> None:
        self.pdf.close()


def image_page_total(stream: BinaryIO) -> int:
    """Return the pages of an image: a multi-page TIFF's frames, else 1."""
    with _open_image(stream) as image:
        return getattr(image, "n_frames", 1) if image.format == "TIFF" else 1


def render_image_page(stream: BinaryIO, number: int, width: int) -> Image.Image:
    """Return page `number` (from 1) of the image, `width` pixels wide or less."""
    with _open_image(stream) as image:
        try:
            _seek_page(image, number)
            size = bounded_size(*image.size, width)
            if image.width * image.height > MAX_DECODED_PIXELS:
                if image.format != "JPEG":
                    raise PageUnreadable(_too_large(image))
                image.draft("RGB" if image.mode != "L" else "L", size)
            frame = ImageOps.exif_transpose(image) if image.format == "JPEG" else image
            frame = _displayable(frame)
            size = bounded_size(*frame.size, width)
            return frame.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        except (OSError, ValueError, SyntaxError, EOFError) as error:
            raise PageUnreadable(f"Page {number} of the image could not be read ({error}).")


def _seek_page(image: Image.Image, number: int) -> None:
    total = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    if not 1 <= number <= total:
        raise NoSuchPage(f"The image has no page {number}.")
    if number > 1:
        image.seek(number - 1)


def _displayable(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("1", "I;16", "I;16B", "I;16L", "I", "F"):
        return image.convert("L")
    if "A" in image.mode or image.mode == "P" and "transparency" in image.info:
        # Transparent parts shown on white paper, as a viewer would show them.
        rgba = image.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return image.convert("RGB")


def _too_large(image: Image.Image) -> str:
    return (f"This page is too large to show here ({image.width:,} × {image.height:,} pixels); "
            "download the file to view it.")


class _open_image:
    """Open an image for one use; a decompression bomb or an unknown format is unreadable."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream

    def __enter__(self) -> Image.Image:
        try:
            # Pillow warns above MAX_IMAGE_PIXELS and refuses above twice that; the size is
            # checked again before decoding, so the warning adds nothing.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                self.image = Image.open(self.stream)
        except Image.DecompressionBombError:
            raise PageUnreadable("This image is too large to show here (a decompression bomb "
                                 "or an extremely large scan); download the file to view it.")
        except UnidentifiedImageError:
            raise PageUnreadable("The file could not be read as an image (its format is not "
                                 "one we can draw, or it is damaged).")
        except (OSError, ValueError, SyntaxError) as error:
            raise PageUnreadable(f"The file could not be read as an image ({error}).")
        return self.image

    def __exit__(self, *exc) -> None:
        self.image.close()


def encode_page(image: Image.Image) -> bytes:
    """Return the page image as a PNG (sharp text), quickly compressed."""
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()
