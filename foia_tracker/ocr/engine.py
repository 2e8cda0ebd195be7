"""Read one page by OCR with OCRmyPDF and Tesseract; no database, no app.

Each page is its own OCRmyPDF run on a one-page PDF (a PDF's page, or an image's frame): the
unit a worker claims, so two workers never read the same page and a 500-page scan takes turns
with other documents. The run rotates pages by Tesseract's orientation detection, deskews,
and gives three things: the page's text (OCRmyPDF's sidecar), Tesseract's mean word
confidence (our plugin, from the same run's hOCR) and the page as a PDF with an invisible text
layer, from which the searchable copy is put together.
"""

import json
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import ocrmypdf
import pikepdf
from ocrmypdf.exceptions import ExitCodeException
from PIL import Image, UnidentifiedImageError

from ..documents.extract import clean_text

PDF = "application/pdf"
#: Image types read page by page (a TIFF may hold many pages).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff")
OCR_TYPES = (PDF, *IMAGE_TYPES)
PLUGIN = "foia_tracker.ocr.confidence_plugin"
#: Resolution assumed for an image that does not say its own (most scanners use 300 dpi).
DEFAULT_IMAGE_DPI = 300
#: Resolution at which a page without images (text drawn as shapes) is measured.
VECTOR_PAGE_DPI = 300


class PageUnreadable(Exception):
    """The page cannot be read by OCR; the message is shown to users as is."""


@dataclass(frozen=True)
class OcrLimits:
    #: A page larger than this (as rasterised) is not read: it would take minutes and gigabytes.
    max_megapixels: float = 50.0
    #: Seconds Tesseract may spend on one page; past it the page gets no text.
    page_timeout: float = 180.0
    #: OSD confidence needed to turn a page (OCRmyPDF's default 14 misses short pages).
    rotate_threshold: float = 2.0

    @classmethod
    def from_config(cls, config) -> "OcrLimits":
        return cls(max_megapixels=config["OCR_MAX_PAGE_MEGAPIXELS"],
                   page_timeout=config["OCR_PAGE_TIMEOUT_SECONDS"],
                   rotate_threshold=config["OCR_ROTATE_THRESHOLD"])


@dataclass(frozen=True)
class PageOcr:
    text: str
    #: Tesseract's mean word confidence, 0-100; None when it found no words.
    confidence: float | None
    #: The page as a PDF with its invisible text layer (in the caller's work folder).
    pdf: Path


def ocr_available() -> bool:
    """Tell whether this server can run OCR (Tesseract on PATH; checked at each use)."""
    return shutil.which("tesseract") is not None


def page_count(path: Path, media_type: str) -> int:
    """Return how many pages a PDF or image file has; raise PageUnreadable."""
    if media_type == PDF:
        with _open_pdf(path) as pdf:
            return len(pdf.pages)
    with _open_image(path) as image:
        return getattr(image, "n_frames", 1)


def ocr_page(path: Path, *, media_type: str, page_number: int, languages: str,
             work: Path, limits: OcrLimits) -> PageOcr:
    """OCR one page of a stored PDF or image into the work folder; raise PageUnreadable."""
    single = work / "page.pdf" if media_type == PDF else work / "page.png"
    if media_type == PDF:
        _pdf_page(path, page_number, single, limits)
    else:
        _image_frame(path, page_number, single, limits)
    output, sidecar, confidence = work / "ocr.pdf", work / "ocr.txt", work / "confidence.json"
    try:
        ocrmypdf.ocr(
            single, output, sidecar=sidecar, language=languages.split("+"),
            # Only pages without usable text come here; a garbage text layer is replaced.
            force_ocr=True, rotate_pages=True, rotate_pages_threshold=limits.rotate_threshold,
            deskew=True, output_type="pdf", optimize=0, jobs=1, use_threads=True,
            progress_bar=False, tesseract_timeout=limits.page_timeout,
            tesseract_non_ocr_timeout=limits.page_timeout,
            max_image_mpixels=limits.max_megapixels * 2, plugins=[PLUGIN],
            foia_confidence_file=str(confidence))
    except ExitCodeException as error:
        raise PageUnreadable(f"OCR could not read page {page_number} ({_reason(error)}).")
    text = clean_text(sidecar.read_text(encoding="utf-8", errors="replace")).strip("\f \n")
    recorded = json.loads(confidence.read_text()) if confidence.exists() else {}
    return PageOcr(text=text, confidence=recorded.get("confidence"), pdf=output)


def _pdf_page(path: Path, page_number: int, target: Path, limits: OcrLimits) -> None:
    with _open_pdf(path) as pdf:
        page = pdf.pages[page_number - 1]
        megapixels = _pdf_page_megapixels(page)
        _check_size(megapixels, page_number, limits)
        single = pikepdf.new()
        single.pages.append(page)
        single.save(target)


def _pdf_page_megapixels(page) -> float:
    box = page.mediabox
    width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
    pixels = width * height * (VECTOR_PAGE_DPI / 72) ** 2
    for image in page.get_images().values():
        pixels = max(pixels, int(image.get("/Width", 0)) * int(image.get("/Height", 0)))
    return pixels / 1e6


def _image_frame(path: Path, page_number: int, target: Path, limits: OcrLimits) -> None:
    with _open_image(path) as image:
        _check_size(image.width * image.height / 1e6, page_number, limits)
        try:
            image.seek(page_number - 1)
            dpi = image.info.get("dpi") or (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
            frame = image.convert("L" if image.mode in ("1", "L", "I;16") else "RGB")
        except (OSError, ValueError, EOFError) as error:
            raise PageUnreadable(f"Page {page_number} of the image could not be read "
                                 f"({_reason(error)}).")
        # A nonsense resolution (0 or 1 dpi) would make a page the size of a field.
        dpi = tuple(d if 72 <= d <= 2400 else DEFAULT_IMAGE_DPI for d in map(round, dpi))
        frame.save(target, dpi=dpi)


def _check_size(megapixels: float, page_number: int, limits: OcrLimits) -> None:
    if megapixels > limits.max_megapixels:
        raise PageUnreadable(
            f"Page {page_number} is too large for OCR ({megapixels:,.0f} megapixels; the limit "
            f"is {limits.max_megapixels:,.0f}).")


def _open_pdf(path: Path) -> pikepdf.Pdf:
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise PageUnreadable("The PDF is password-protected; its pages cannot be read by OCR.")
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise PageUnreadable(f"The file could not be read as a PDF ({_reason(error)}).")


def _open_image(path: Path) -> Image.Image:
    # Our own pixel bound applies (OcrLimits); Pillow's bomb warning would fire first.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            return Image.open(path)
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
            raise PageUnreadable(f"The image could not be read ({_reason(error)}).")


def _reason(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
