"""An OCRmyPDF plugin: Tesseract as OCRmyPDF runs it, plus the page's mean word confidence.

OCRmyPDF keeps Tesseract's hOCR (which holds each word's confidence, `x_wconf`) in a temporary
folder it deletes. This engine is the built-in Tesseract engine; after each page's hOCR is made
it appends the mean confidence of that page's words to the file named by the `foia_confidence_file`
option, so the figure comes from the very run whose text is stored, at no extra OCR cost. A run
reads several pages and the engine is not told which page it reads: each line is keyed by the
hash of the page's text, which the engine finds again in the sidecar (see `engine.text_key`).
"""

import json
import re
from pathlib import Path

from ocrmypdf import hookimpl
from ocrmypdf.builtin_plugins.tesseract_ocr import TesseractOcrEngine

from .engine import text_key

#: A word's confidence in hOCR: <span class='ocrx_word' ... title='bbox ...; x_wconf 93'>.
_WORD_CONFIDENCE = re.compile(r"class=['\"]ocrx_word['\"][^>]*x_wconf (\d+(?:\.\d+)?)")


def mean_word_confidence(hocr: str) -> float | None:
    """Return the mean of the words' confidences (0-100) in an hOCR page, None without words."""
    values = [float(value) for value in _WORD_CONFIDENCE.findall(hocr)]
    return round(sum(values) / len(values), 1) if values else None


class ConfidenceTesseractEngine(TesseractOcrEngine):
    """Tesseract, recording each page's mean word confidence beside OCRmyPDF's output."""

    @staticmethod
    def generate_hocr(input_file, output_hocr, output_text, options):
        TesseractOcrEngine.generate_hocr(input_file, output_hocr, output_text, options)
        target = getattr(options, "foia_confidence_file", None)
        if target:
            hocr = Path(output_hocr).read_text(encoding="utf-8", errors="replace")
            text = Path(output_text).read_text(encoding="utf-8", errors="replace")
            line = json.dumps({"text": text_key(text), "confidence": mean_word_confidence(hocr)})
            # One line per page, appended: pages of a run are read one after another (jobs=1).
            with open(target, "a", encoding="utf-8") as out:
                out.write(line + "\n")


@hookimpl
def get_ocr_engine(options):
    # Registered after the built-in plugin, so asked first (a firstresult hook).
    if options is not None and getattr(options, "ocr_engine", "auto") not in ("auto", "tesseract"):
        return None
    return ConfidenceTesseractEngine()
