"""Time OCR: pages a second and CPU per page, the app's worker against Tesseract run directly.

Issue 18's target: the app reads at least 0.8 of the pages a second that `tesseract` run
directly on the same page images reaches, with both cores used.

Run: .venv/bin/python bench/bench_ocr.py [--pages 100] [--workers 2] [--defaults-only]
Draws --pages letter pages of text at 300 dpi (DejaVu Sans), saves them as PNG files and as one
scanned PDF of those images. `tesseract PAGE` runs directly over the page images as the PDF
holds them (Pillow stores them as JPEG; read back with pypdf), --workers at a time, one thread
each (OMP_THREAD_LIMIT=1), as a fair baseline, before and after each app run: the machine's speed
drifts over minutes, so the app is compared with the mean of the two. The PDF is stored as
a document in a temporary app (SQLite, folder store) and the app's OCR worker reads it with
--workers threads (batches of pages per OCRmyPDF run; orientation detection and deskew for the
pages the first reading finds doubtful; text, confidence, page PDFs, the searchable copy). CPU is
this process's and its children's user+system time, also shown apart (the app's own
process; Tesseract and the other child processes). Prints one line per run, with the machine's
load average when it ended (the figures of a shared machine mean little without it).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from foia_tracker import create_app  # noqa: E402
from foia_tracker.agencies.models import Agency, AgencyKind, Level  # noqa: E402
from foia_tracker.documents.extraction import extraction_run  # noqa: E402
from foia_tracker.documents.models import Document  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.ocr.worker import run_ocr  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402
from foia_tracker.records.services import request_create  # noqa: E402
from foia_tracker.storage import document_store  # noqa: E402
from foia_tracker.users.models import Role, User  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LINE = "Invoice {n} for licences of the face recognition system, paid by the county."


def scan_page(number: int) -> Image.Image:
    """Return a letter page at 300 dpi with 40 lines of text, as a scanner makes it."""
    image = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 38)
    for row in range(40):
        draw.text((180, 180 + row * 72), LINE.format(n=number * 100 + row), fill=0, font=font)
    return image


def embedded_images(pdf_path: Path, folder: Path) -> list[Path]:
    """Write each page's image as the PDF holds it (Pillow stores greyscale pages as JPEG).

    The baseline reads the very images the app reads, not the lossless drawings they came from.
    """
    paths = []
    for number, page in enumerate(PdfReader(pdf_path).pages, start=1):
        (image,) = page.images
        path = folder / f"embedded-{number:04d}{Path(image.name).suffix or '.jpg'}"
        path.write_bytes(image.data)
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    return own_cpu_seconds() + children_cpu_seconds()


def own_cpu_seconds() -> float:
    """Return this process's user+system time (the app's Python: OCRmyPDF, worker, copy)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def children_cpu_seconds() -> float:
    """Return the finished child processes' user+system time (Tesseract, mostly)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def direct(images: list[Path], workers: int) -> tuple[float, float]:
    """Run tesseract on each image, `workers` at a time; return (seconds, CPU seconds)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def read(path: Path) -> None:
        # The JPEG carries no resolution; the PDF says 300 dpi, and so does OCRmyPDF to Tesseract.
        subprocess.run(["tesseract", str(path), str(path.with_suffix("")), "-l", "eng",
                        "--dpi", "300"], env=env, check=True, capture_output=True)

    started, cpu = time.perf_counter(), cpu_seconds()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(read, images))
    return time.perf_counter() - started, cpu_seconds() - cpu


def through_app(pdf: bytes, folder: Path, workers: int,
                **settings) -> tuple[float, float, float, int]:
    """Store the scan in a fresh app and run its OCR; return (seconds, CPU seconds, CPU seconds
    of this process alone, pages)."""
    folder.mkdir()
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
                      "DOCUMENTS_PATH": str(folder / "documents"),
                      "DOCUMENTS_STAGING_PATH": str(folder / "staging"), "OCR_WORKERS": workers,
                      **settings})
    with app.app_context():
        db.create_all()
        document_id = _stored_scan(pdf)
        extraction_run()
    started, cpu, own = time.perf_counter(), cpu_seconds(), own_cpu_seconds()
    report = run_ocr(app)
    elapsed, used = time.perf_counter() - started, cpu_seconds() - cpu
    own = own_cpu_seconds() - own
    with app.app_context():
        document = db.session.get(Document, document_id)
        assert document.searchable_sha256, document.ocr_error
    return elapsed, used, own, report.pages


def _stored_scan(pdf: bytes) -> int:
    organisation = Organisation(name="Bench", code="BN")
    user = User(organisation=organisation, email="bench@example.org", name="Bench",
                role=Role.editor)
    agency = Agency(name="Bench Sheriff", jurisdiction="OR", level=Level.county,
                    kind=AgencyKind.sheriff)
    db.session.add_all([organisation, user, agency])
    db.session.commit()
    request = request_create(organisation_id=organisation.id, actor=user, values={
        "agency_id": agency.id, "title": "Scans", "body": "", "tags": [], "sent_on": None,
        "channel": None, "received_on": None, "tracking_numbers": [], "assignee_id": user.id})
    store = document_store()
    staged = store.stage()
    staged.write(pdf)
    sha256 = store.keep(staged)
    document = Document(organisation_id=organisation.id, request_id=request.id, sequence=1,
                        exhibit_number=f"{request.reference}-001", original_name="scan.pdf",
                        sha256=sha256, size_bytes=len(pdf), media_type="application/pdf")
    db.session.add(document)
    db.session.commit()
    return document.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--defaults-only", action="store_true",
                        help="skip the run with orientation and deskew off (the same work for "
                             "these upright pages)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ocr-") as work:
        folder = Path(work)
        images = []
        for number in range(1, args.pages + 1):
            path = folder / f"page-{number:04d}.png"
            scan_page(number).save(path, dpi=(300, 300))
            images.append(path)
        pdf_path = folder / "scan.pdf"
        first, *rest = (Image.open(path) for path in images)
        first.save(pdf_path, "PDF", resolution=300, save_all=True, append_images=rest)
        embedded = embedded_images(pdf_path, folder)
        before = _direct_run(embedded, args)
        runs = {"defaults (orientation, deskew where doubtful)": {},
                "OCR_ROTATE_PAGES and OCR_DESKEW off": {"OCR_ROTATE_PAGES": False,
                                                        "OCR_DESKEW": False}}
        if args.defaults_only:
            runs = dict(list(runs.items())[:1])
        for index, (label, settings) in enumerate(runs.items()):
            app_seconds, app_cpu, app_own, pages = through_app(
                pdf_path.read_bytes(), folder / f"app-{index}", args.workers, **settings)
            app_line = (f"app OCR worker, {label}: {pages} pages in {app_seconds:.1f} s = "
                        f"{pages / app_seconds:.2f} pages/s, {app_cpu / pages:.2f} CPU s/page "
                        f"(this process {app_own / pages:.2f}, Tesseract and other child "
                        f"processes {(app_cpu - app_own) / pages:.2f}); load {load()}")
            print(app_line)
            # This machine's speed drifts over minutes: the app is compared with the mean of
            # the direct runs just before and just after it, not with one of them.
            after = _direct_run(embedded, args)
            rate = args.pages / ((before[0] + after[0]) / 2)
            cpu_per_page = (before[1] + after[1]) / 2 / args.pages
            print(f"  ratio to direct (mean of the runs before and after) "
                  f"{(pages / app_seconds) / rate:.2f} (target >= 0.8), "
                  f"by CPU {cpu_per_page / (app_cpu / pages):.2f}")
            before = after


def _direct_run(images: list[Path], args) -> tuple[float, float]:
    seconds, cpu = direct(images, args.workers)
    print(f"tesseract directly: {args.pages} pages in {seconds:.1f} s = "
          f"{args.pages / seconds:.2f} pages/s, {cpu / args.pages:.2f} CPU s/page "
          f"({args.workers} at a time); load {load()}")
    return seconds, cpu

if __name__ == "__main__":
    main()
