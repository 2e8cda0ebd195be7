"""An OCRmyPDF plugin: give Tesseract a scanned page's own image instead of a rendering of it.

OCRmyPDF rasterises every page it reads (PDFium draws the page, PIL writes a PNG): for a plain
scan, a page that only draws one image over the whole page at the resolution OCRmyPDF asks for,
that rendering is a resampled copy of the image the page already holds, and it cost about a
quarter of a second a page, an eighth of Tesseract's own time. For such a page this hook
decodes the image itself (pikepdf) and writes it as the PNG OCRmyPDF expects; for any other
page (annotations, rotation, masks, several images, a different resolution, an orientation
preview, a colour space PIL cannot take as is) it returns None and the built-in rasterizer draws
the page as before. The image is the scan's own pixels, the same ones `tesseract` would be given
directly; the page that becomes evidence is not touched (in default mode OCRmyPDF lays the text
over the original page).
"""

import logging
from pathlib import Path

import pikepdf
from ocrmypdf import hookimpl
from PIL import Image

log = logging.getLogger(__name__)

#: The raster devices OCRmyPDF asks for, and the PIL mode each one's PNG holds.
_DEVICE_MODES = {"pngmono": "1", "pnggray": "L", "png16m": "RGB"}
#: Image modes converted without a choice to make (no colour management, no transparency).
_CONVERTIBLE = {"1", "L", "RGB"}
#: Points a drawn image may be off the page's edges and still count as covering it.
_EDGE_TOLERANCE = 0.01
#: Fastest zlib level: the PNG is read once by Tesseract and deleted; size does not matter.
_PNG_COMPRESS_LEVEL = 1


@hookimpl
def rasterize_pdf_page(input_file, output_file, raster_device, raster_dpi, pageno, page_dpi,
                       rotation, filter_vector, stop_on_soft_error, options, use_cropbox):
    # Registered after the built-in plugins, so asked first (a firstresult hook): None defers.
    mode = _DEVICE_MODES.get(str(raster_device).lower())
    if mode is None or rotation or use_cropbox:
        return None
    try:
        image = _whole_page_image(Path(input_file), pageno, raster_dpi)
    except (pikepdf.PdfError, NotImplementedError, OSError, ValueError, KeyError, TypeError,
            AttributeError) as error:
        log.debug("page %d drawn by the built-in rasterizer: %s", pageno, error)
        return None
    if image is None:
        return None
    dpi = page_dpi or raster_dpi
    image.convert(mode).save(output_file, format="PNG", dpi=(float(dpi.x), float(dpi.y)),
                             compress_level=_PNG_COMPRESS_LEVEL)
    return Path(output_file)


def _whole_page_image(path: Path, pageno: int, raster_dpi) -> Image.Image | None:
    """Return the page's only image if it covers the page exactly at raster_dpi, else None."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[pageno - 1]
        if int(page.obj.get("/Rotate", 0)) % 360 or "/Annots" in page.obj:
            return None
        drawn = _drawn_image(page)
        if drawn is None:
            return None
        name, matrix = drawn
        xobject = page.resources.XObject[name]
        box = [float(value) for value in page.mediabox]
        width, height = box[2] - box[0], box[3] - box[1]
        pixels = (round(width * raster_dpi.x / 72), round(height * raster_dpi.y / 72))
        # At another size, the rendering would resample the image: PDFium does that.
        if (not _is_opaque_image(xobject) or (int(xobject.Width), int(xobject.Height)) != pixels
                or not _is_close(matrix, (width, 0, 0, height, box[0], box[1]))):
            return None
        image = pikepdf.PdfImage(xobject).as_pil_image()
        image.load()
    return image if image.mode in _CONVERTIBLE else None


def _drawn_image(page: pikepdf.Page) -> tuple[str, list[float]] | None:
    """Return the image's name and matrix if the page only does `q cm Do Q` (q and Q optional)."""
    body = [(list(operands), str(operator))
            for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) not in ("q", "Q")]
    if [operator for _, operator in body] != ["cm", "Do"]:
        return None
    return str(body[1][0][0]), [float(value) for value in body[0][0]]


def _is_opaque_image(xobject) -> bool:
    if xobject.get("/Subtype") != pikepdf.Name.Image:
        return False
    # Masks, a decode array (inverted pixels) and image masks change what the page shows.
    return not any(key in xobject for key in ("/SMask", "/Mask", "/Decode", "/ImageMask"))


def _is_close(matrix: list[float], expected: tuple[float, ...]) -> bool:
    return len(matrix) == 6 and all(
        abs(value - wanted) <= _EDGE_TOLERANCE for value, wanted in zip(matrix, expected))
