"""Conformance: real scans nobody on the team made (../shared/corpus/scans, see its README).

Every page the corpus's INDEX.tsv lists with distinctive words must be found by search on that
page, from OCR; the adversarial files must end in a clear state: the blank page with no text,
the file that is not a PDF as failed, the 81-megapixel page read from a bounded rendering.
"""

import csv
import time

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.documents.search import documents_search
from foia_tracker.extensions import db
from foia_tracker.ocr.status import OcrStatus
from foia_tracker.ocr.worker import run_ocr

from ..corpus import corpus_folder
from .conftest import needs_tesseract

pytestmark = needs_tesseract

MEDIA_TYPES = {".pdf": "application/pdf", ".png": "image/png"}
#: francais.pdf needs the French model for two of its words; we read English and Spanish.
NEEDS_FRENCH = {"capharnaüm", "bûches"}


def expected_words(folder) -> dict[tuple[str, int], list[str]]:
    """Return {(file, page): words} for every page INDEX.tsv gives distinctive words for."""
    with open(folder / "INDEX.tsv", newline="", encoding="utf-8") as index:
        rows = list(csv.DictReader(index, delimiter="\t"))
    expected = {}
    for row in rows:
        words = [w.strip() for w in row["distinctive_words"].split(",")]
        if row["file"].endswith(".txt") or not words or words[0].startswith("("):
            continue
        page = int(row["page"]) if row["page"].isdigit() else 1
        expected[(row["file"], page)] = [w for w in words if w not in NEEDS_FRENCH]
    return expected


def test_the_corpus_scans_are_read_and_found_on_their_pages(
        app, records_request, make_document):
    folder = corpus_folder("scans")
    documents = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in MEDIA_TYPES:
            documents[path.name] = make_document(records_request, path.read_bytes(),
                                                 name=path.name,
                                                 media_type=MEDIA_TYPES[path.suffix])
    extraction_run()
    started = time.monotonic()
    report = run_ocr(app)  # both workers, as the scheduler runs it
    elapsed = time.monotonic() - started
    db.session.expire_all()
    missing = []
    for (name, page), words in expected_words(folder).items():
        document = documents[name]
        for word in words:
            found = {(hit.page_number, hit.text_source) for hit in documents_search(
                organisation_id=records_request.organisation_id, query=word,
                request_id=records_request.id).hits if hit.document_id == document.id}
            if (page, "ocr") not in found:
                missing.append(f"{name} p. {page}: {word} (found {sorted(found)})")
    assert not missing, f"{len(missing)} words not found: {missing}"

    blank = documents["blank.pdf"]
    assert blank.ocr_status is OcrStatus.done and blank.searchable_sha256 is None
    invalid = documents["invalid.pdf"]
    assert invalid.ocr_status is OcrStatus.failed and invalid.ocr_error
    enormous = documents["enormous.pdf"]
    assert enormous.ocr_status is OcrStatus.done and enormous.ocr_pages_done == 1
    assert all(d.ocr_status in (OcrStatus.done, OcrStatus.failed) for d in documents.values())
    print(f"corpus OCR: {report}; {elapsed:.0f} s")
