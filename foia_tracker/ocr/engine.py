"""Read pages by OCR with OCRmyPDF and Tesseract; no database, no app.

A worker claims a few pages of one document at a time (the batch); the batch is one OCRmyPDF
run over a PDF of those pages, so OCRmyPDF's own start-up, page analysis and output are paid
once per batch, not once per page. The first run reads the pages as they are. Orientation
detection and deskewing each cost a Tesseract pass more per page, and most scans are upright
and straight: so only the pages that first run read poorly (no words, or a mean word
confidence under `recheck_below`) are read again with them, and the better reading is kept.

A batch whose pages are all plain scans (images drawn, no text of their own) is read in
OCRmyPDF's default mode: each page is kept as it is and the text layer laid over it. Any other
page (a garbage text layer, fonts without a text mapping, a page drawn without images) is read
in forced mode, which replaces the page by a rendering of it: that costs a page image more to
encode, and the copy no longer holds the scan's own image. OCRmyPDF checks the pages itself; if
it finds text or skips a page the check let through, the batch is read again in forced mode.

Each run gives three things per page: its text (OCRmyPDF's sidecar, pages split by form feeds),
Tesseract's mean word confidence (our plugin, from the same run's hOCR) and the page as a PDF
with an invisible text layer, from which the searchable copy is put together.
"""

import hashlib
import json
import math
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import img2pdf
import pikepdf
import pypdfium2 as pdfium
from PIL import Image, UnidentifiedImageError

from ..documents.extract import clean_text

PDF = "application/pdf"
#: Image types read page by page (a TIFF may hold many pages).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/tiff")
OCR_TYPES = (PDF, *IMAGE_TYPES)
#: Our OCRmyPDF plugins: the page confidence recorder, and scans handed to Tesseract as they are.
PLUGINS = ["foia_tracker.ocr.confidence_plugin", "foia_tracker.ocr.scan_image_plugin"]
#: Resolution assumed for an image that does not say its own (most scanners use 300 dpi).
DEFAULT_IMAGE_DPI = 300
#: Resolution at which a page without images (text drawn as shapes) is measured.
VECTOR_PAGE_DPI = 300


class PageUnreadable(Exception):
    """The page cannot be read by OCR; the message is shown to users as is."""


@dataclass(frozen=True)
class OcrLimits:
    #: A larger page is read from a rendering of this many pixels (a huge scan would take
    #: minutes and gigabytes); an image more than four times larger is not read at all.
    max_megapixels: float = 25.0
    #: Seconds Tesseract may spend on one page; past it the page gets no text.
    page_timeout: float = 180.0
    #: OSD confidence needed to turn a page (OCRmyPDF's default 14 misses short pages).
    rotate_threshold: float = 2.0
    #: Orientation detection and deskewing each cost a Tesseract pass more per page: they run
    #: only for pages first read with no words or a mean word confidence under this (an upside
    #: down page reads as a few low-confidence fragments; upright text reads at 85-95).
    is_rotating: bool = True
    is_deskewing: bool = True
    recheck_below: float = 70.0

    @classmethod
    def from_config(cls, config) -> "OcrLimits":
        return cls(max_megapixels=config["OCR_MAX_PAGE_MEGAPIXELS"],
                   page_timeout=config["OCR_PAGE_TIMEOUT_SECONDS"],
                   rotate_threshold=config["OCR_ROTATE_THRESHOLD"],
                   is_rotating=config["OCR_ROTATE_PAGES"], is_deskewing=config["OCR_DESKEW"])


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


def ocr_pages(path: Path, *, media_type: str, page_numbers: list[int], languages: str,
              work: Path, limits: OcrLimits) -> dict[int, "PageOcr | PageUnreadable"]:
    """OCR some pages of a stored PDF or image into the work folder; map each page to its result."""
    results: dict[int, PageOcr | PageUnreadable] = {}
    singles = {}
    for number in page_numbers:
        try:
            singles[number] = _single_page(path, media_type, number, work / f"in-{number}", limits)
        except PageUnreadable as error:
            results[number] = error
    if singles:
        results.update(_read(singles, languages, work / "first", limits, is_checking=False))
    doubtful = {number: singles[number] for number, result in results.items()
                if isinstance(result, PageOcr) and _is_doubtful(result, limits)}
    if doubtful and (limits.is_rotating or limits.is_deskewing):
        again = _read(doubtful, languages, work / "again", limits, is_checking=True)
        for number, result in again.items():
            if isinstance(result, PageOcr) and _is_better(result, results[number]):
                results[number] = result
    return results


def ocr_page(path: Path, *, media_type: str, page_number: int, languages: str,
             work: Path, limits: OcrLimits) -> PageOcr:
    """OCR one page of a stored PDF or image into the work folder; raise PageUnreadable."""
    result = ocr_pages(path, media_type=media_type, page_numbers=[page_number],
                       languages=languages, work=work, limits=limits)[page_number]
    if isinstance(result, PageUnreadable):
        raise result
    return result


def _is_doubtful(result: PageOcr, limits: OcrLimits) -> bool:
    return result.confidence is None or result.confidence < limits.recheck_below


def _is_better(result: PageOcr, than: PageOcr) -> bool:
    if than.confidence is None:
        return result.confidence is not None
    return result.confidence is not None and result.confidence > than.confidence


def _single_page(path: Path, media_type: str, page_number: int, folder: Path,
                 limits: OcrLimits) -> Path:
    """Return the page alone as a one-page PDF in `folder` (an image's frame wrapped losslessly)."""
    folder.mkdir()
    if media_type == PDF:
        single = _pdf_page(path, page_number, folder, limits)
    else:
        single = _image_frame(path, page_number, folder / "page.png", limits)
    if single.suffix == ".pdf":
        return single
    wrapped = folder / "image.pdf"
    wrapped.write_bytes(img2pdf.convert(str(single)))
    return wrapped


def _read(singles: dict[int, Path], languages: str, work: Path, limits: OcrLimits, *,
          is_checking: bool) -> dict[int, "PageOcr | PageUnreadable"]:
    """Read the pages in one OCRmyPDF run; if it fails, read each alone for its own reason."""
    work.mkdir()
    joined = work / "batch.pdf"
    _join(list(singles.values()), joined)
    try:
        if all(map(_is_plain_scan, singles.values())):
            try:
                return _run(joined, list(singles), languages, work / "kept", limits,
                            is_checking=is_checking, is_forced=False)
            except _NotPlainScans:
                pass
        return _run(joined, list(singles), languages, work / "forced", limits,
                    is_checking=is_checking, is_forced=True)
    except PageUnreadable as error:
        if len(singles) == 1:
            return {number: error for number in singles}
    # One page's fault must not cost the others their text.
    results = {}
    for number, single in singles.items():
        results.update(_read({number: single}, languages, work / f"alone-{number}", limits,
                             is_checking=is_checking))
    return results


class _NotPlainScans(Exception):
    """OCRmyPDF found text on a page, or skipped one: the batch needs forced mode."""


def _is_plain_scan(single: Path) -> bool:
    """Tell whether a one-page PDF only draws images: no text, no form XObjects."""
    try:
        with pikepdf.open(single) as pdf:
            return _draws_only_images(pdf.pages[0])
    except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError):
        return False  # in doubt, forced mode reads any page


def _draws_only_images(page: pikepdf.Page) -> bool:
    drawn = pikepdf.parse_content_stream(page, "BT Do BI")
    if any(str(operator) == "BT" for _, operator in drawn):
        return False
    # A form may hold text; and with deskew on, default mode skips a page without images.
    names = {str(operands[0]) for operands, operator in drawn if str(operator) == "Do"}
    objects = page.resources.get("/XObject", {})
    kinds = {str(objects[name].get("/Subtype")) for name in names if name in objects}
    is_inline = any(str(operator) == "BI" for _, operator in drawn)
    return kinds <= {"/Image"} and (bool(kinds) or is_inline)


def _join(singles: list[Path], target: Path) -> None:
    opened = [pikepdf.open(single) for single in singles]
    try:
        with pikepdf.new() as joined:
            for one in opened:
                joined.pages.append(one.pages[0])
            joined.save(target)
    finally:
        for one in opened:
            one.close()


def _run(joined: Path, numbers: list[int], languages: str, work: Path, limits: OcrLimits, *,
         is_checking: bool, is_forced: bool) -> dict[int, PageOcr]:
    work.mkdir()
    output, sidecar, confidence = work / "ocr.pdf", work / "ocr.txt", work / "confidence.jsonl"
    is_rotating, is_deskewing = (limits.is_rotating, limits.is_deskewing) if is_checking else (
        False, False)
    # Imported here, not at the top: OCRmyPDF takes ~0.4 s to import, and every web worker,
    # command and piped message loads this module for its constants.
    import ocrmypdf
    from ocrmypdf.exceptions import ExitCodeException, PriorOcrFoundError

    try:
        ocrmypdf.ocr(
            joined, output, sidecar=sidecar, language=languages.split("+"),
            # Only pages without usable text come here; a garbage text layer is replaced.
            force_ocr=is_forced, rotate_pages=is_rotating,
            rotate_pages_threshold=limits.rotate_threshold if is_rotating else None,
            deskew=is_deskewing, output_type="pdf", optimize=0, jobs=1, use_threads=True,
            progress_bar=False, tesseract_timeout=limits.page_timeout,
            tesseract_non_ocr_timeout=limits.page_timeout,
            max_image_mpixels=limits.max_megapixels * 2, plugins=PLUGINS,
            foia_confidence_file=str(confidence))
    except ExitCodeException as error:
        if isinstance(error, PriorOcrFoundError) and not is_forced:
            raise _NotPlainScans() from error
        pages = ", ".join(map(str, numbers))
        raise PageUnreadable(f"OCR could not read page {pages} ({_reason(error)}).")
    # The sidecar separates pages by form feeds (Tesseract's own trailing one is removed).
    texts = sidecar.read_text(encoding="utf-8", errors="replace").split("\f")
    if not is_forced and _lines(confidence) != len(numbers):
        raise _NotPlainScans()  # a page was skipped, not read (the plugin records each read)
    if len(texts) != len(numbers):
        raise PageUnreadable(f"OCR gave {len(texts)} pages of text for {len(numbers)} pages.")
    confidences = _confidences(confidence)
    results = {}
    with pikepdf.open(output) as pdf:
        for index, number in enumerate(numbers):
            page_pdf = work / f"page-{number}.pdf"
            with pikepdf.new() as single:
                single.pages.append(pdf.pages[index])
                single.save(page_pdf)
            results[number] = PageOcr(
                text=clean_text(texts[index]).strip("\f \n"),
                confidence=confidences.get(text_key(texts[index])), pdf=page_pdf)
    return results


def text_key(text: str) -> str:
    """Return the key under which the plugin records a page's confidence: its text's hash."""
    return hashlib.sha256(text.removesuffix("\f").encode("utf-8", "replace")).hexdigest()


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0


def _confidences(path: Path) -> dict[str, float | None]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {entry["text"]: entry["confidence"] for entry in map(json.loads, lines)}


def _pdf_page(path: Path, page_number: int, work: Path, limits: OcrLimits) -> Path:
    """Return the page alone as a PDF, or rendered within the pixel bound if it is larger."""
    with _open_pdf(path) as pdf:
        page = pdf.pages[page_number - 1]
        if _pdf_page_megapixels(page) > limits.max_megapixels:
            return _rendered_within(path, page_number, work / "page.png", limits)
        single = pikepdf.new()
        single.pages.append(page)
        single.save(work / "page.pdf")
        return work / "page.pdf"


def _rendered_within(path: Path, page_number: int, target: Path, limits: OcrLimits) -> Path:
    # PDFium draws straight into a bitmap of the bounded size: memory and time stay bounded
    # whatever the page's own size or its images' resolution (an 81-megapixel scan).
    document = pdfium.PdfDocument(path)
    try:
        page = document[page_number - 1]
        width, height = page.get_size()
        scale = math.sqrt(limits.max_megapixels * 1e6 / (width * height))
        image = page.render(scale=scale, grayscale=True).to_pil()
        image.save(target, dpi=(round(72 * scale),) * 2)
    except pdfium.PdfiumError as error:
        raise PageUnreadable(f"Page {page_number} could not be drawn ({_reason(error)}).")
    finally:
        document.close()
    return target


def _pdf_page_megapixels(page) -> float:
    box = page.mediabox
    width, height = abs(float(box[2]) - float(box[0])), abs(float(box[3]) - float(box[1]))
    pixels = width * height * (VECTOR_PAGE_DPI / 72) ** 2
    for image in page.get_images().values():
        pixels = max(pixels, int(image.get("/Width", 0)) * int(image.get("/Height", 0)))
    return pixels / 1e6


def _image_frame(path: Path, page_number: int, target: Path, limits: OcrLimits) -> Path:
    with _open_image(path) as image:
        # An image is decoded whole: past the bound (four times, for a downscaled page) it is
        # refused rather than risk the worker's memory.
        _check_size(image.width * image.height / 1e6, page_number,
                    bound=limits.max_megapixels * 4)
        try:
            image.seek(page_number - 1)
            dpi = image.info.get("dpi") or (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
            frame = image.convert("L" if image.mode in ("1", "L", "I;16") else "RGB")
        except (OSError, ValueError, EOFError) as error:
            raise PageUnreadable(f"Page {page_number} of the image could not be read "
                                 f"({_reason(error)}).")
        # A nonsense resolution (0 or 1 dpi) would make a page the size of a field.
        dpi = tuple(d if 72 <= d <= 2400 else DEFAULT_IMAGE_DPI for d in map(round, dpi))
        megapixels = frame.width * frame.height / 1e6
        if megapixels > limits.max_megapixels:
            factor = math.sqrt(limits.max_megapixels / megapixels)
            frame = frame.resize((int(frame.width * factor), int(frame.height * factor)))
            dpi = tuple(round(d * factor) for d in dpi)
        frame.save(target, dpi=dpi)
    return target


def _check_size(megapixels: float, page_number: int, *, bound: float) -> None:
    if megapixels > bound:
        raise PageUnreadable(f"Page {page_number} is too large for OCR ({megapixels:,.1f} "
                             f"megapixels; the limit is {bound:,.1f}).")


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
