"""Time the reader: a page's first view (drawn) and later views (kept), p50 and p95.

Issue 18's targets: first view of a page under 500 ms, later views under 50 ms (p95).

Run: .venv/bin/python bench/bench_reader.py [--pages 1000] [--samples 40] [--scan-every 10]
     .venv/bin/python bench/bench_reader.py --data DIR [--samples 40]
Without --data: builds a PDF of --pages pages (text pages, and every --scan-every-th page a
300 dpi scan: a page image of text), stores it as a document in a temporary app (SQLite, folder
store), logs in through the login form and reads random pages through the app, as a browser
would: the reader page (which draws the page's image on first view) and then the image itself.
Prints one line per measure.

With --data DIR (a data set made by bench/generate.py, e.g. the coalition one): reads random
pages of the data set's real PDF documents (those whose files are in its documents folder) in
its database, logged in as its manifest's user, the same way. Only pages with no image drawn
yet are sampled, so each first view really draws; the images drawn are kept in the data set's
documents folder (the reader's own cache of derived files), and nothing else is written.
"""

import argparse
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fpdf import FPDF  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from sqlalchemy import select  # noqa: E402

from foia_tracker import create_app  # noqa: E402
from foia_tracker.agencies.models import Agency, AgencyKind, Level  # noqa: E402
from foia_tracker.documents.models import Document  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402
from foia_tracker.reader.images import RENDER_VERSION  # noqa: E402
from foia_tracker.records.services import request_create  # noqa: E402
from foia_tracker.storage import document_store  # noqa: E402
from generate import Manifest  # noqa: E402
from foia_tracker.users.models import Role, User  # noqa: E402

PASSWORD = "correct horse battery staple"
LINE = "The county paid the vendor for licences under contract {n}; invoices follow. "


def scan_page(number: int) -> Image.Image:
    """Return a letter page at 300 dpi with lines of text drawn on it, as a scanner makes."""
    image = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    for row in range(60):
        draw.text((150, 150 + row * 50), LINE.format(n=number * 100 + row), fill=0, font=font)
    return image


def make_pdf(pages: int, scan_every: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(1, pages + 1):
        pdf.add_page()
        if scan_every and number % scan_every == 0:
            buffer = io.BytesIO()
            scan_page(number).save(buffer, "JPEG", quality=75)
            pdf.image(buffer, x=0, y=0, w=pdf.w, h=pdf.h)
        else:
            pdf.multi_cell(0, 6, LINE.format(n=number) * 30)
    return bytes(pdf.output())


def setup(app, data: bytes, pages: int) -> tuple[int, str]:
    organisation = Organisation(name="Bench", code="BN")
    user = User(organisation=organisation, email="bench@example.org", name="Bench",
                role=Role.editor)
    user.set_password(PASSWORD)
    agency = Agency(name="Sheriff", jurisdiction="OR", level=Level.county,
                    kind=AgencyKind.sheriff)
    db.session.add_all([organisation, user, agency])
    db.session.commit()
    request = request_create(organisation_id=organisation.id, actor=user, values={
        "agency_id": agency.id, "title": "Contracts", "body": "All contracts.", "tags": [],
        "sent_on": None, "channel": None, "received_on": None, "tracking_numbers": [],
        "assignee_id": user.id})
    store = document_store()
    staged = store.stage()
    staged.write(data)
    sha256 = store.keep(staged)
    document = Document(organisation_id=organisation.id, request_id=request.id, sequence=1,
                        exhibit_number=f"{request.reference}-001", original_name="bench.pdf",
                        sha256=sha256, size_bytes=len(data), media_type="application/pdf",
                        page_count=pages)
    db.session.add(document)
    db.session.commit()
    return document.id, user.email


def log_in(client, email: str, password: str = PASSWORD) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": token})
    assert response.status_code == 302, "login failed"


def timed(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    response.get_data()
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def report(name: str, times: list[float]) -> None:
    p95 = (statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1
           else times[0])
    print(f"reader {name} n={len(times)} p50_ms={statistics.median(times):.1f} "
          f"p95_ms={p95:.1f} max_ms={max(times):.1f}")


def read_pages(client, targets: list[tuple[int, int]], scans: set[tuple[int, int]]) -> None:
    """View each (document, page) once drawn, once kept, then its image; print the measures."""
    measures: dict[str, list[float]] = {"first_view": [], "first_view_scan": [],
                                        "cached_view": [], "cached_image": []}
    for document_id, number in targets:
        page = f"/documents/{document_id}/pages/{number}"
        first = timed(client, page)
        measures["first_view_scan" if (document_id, number) in scans else "first_view"].append(
            first)
        measures["cached_view"].append(timed(client, page))
        measures["cached_image"].append(timed(client, f"{page}/image?width=800"))
    for name, times in measures.items():
        if times:
            report(name, times)
    report("first_view_all", measures["first_view"] + measures["first_view_scan"])


def undrawn_pages(manifest: Manifest) -> tuple[list[tuple[int, int]], int, int]:
    """Return the data set's real PDF pages with no image drawn yet, the documents they are
    in, and how many pages were left out because an earlier run drew them (in an app context).

    The generator stores files for a sample of the large organisation's PDFs only; the other
    documents have rows but no file, and the reader would (rightly) say the file is missing."""
    store = document_store()
    stored = set(store.hashes())
    rows = db.session.execute(select(Document.id, Document.sha256, Document.page_count).where(
        Document.organisation_id == manifest.large_organisation_id,
        Document.media_type == "application/pdf", Document.deleted_at.is_(None),
        Document.page_count > 0).order_by(Document.id)).all()
    pages, drawn, seen = [], 0, set()
    for document_id, sha256, page_count in rows:
        if sha256 not in stored or sha256 in seen:
            continue  # no file; or the same bytes as a document already taken (shared images)
        seen.add(sha256)
        kept = {name.split("-")[2] for name in store.derived_names(sha256)
                if name.startswith(f"reader-{RENDER_VERSION}-")}
        for number in range(1, page_count + 1):
            if f"p{number}" in kept:
                drawn += 1
            else:
                pages.append((document_id, number))
    return pages, len(seen), drawn


def main_data(folder: str, samples: int, seed: int) -> None:
    manifest = Manifest.read(folder)
    # The app as bench_pages serves it on the data set: configured from FOIA_* variables.
    from bench_pages import app_env

    os.environ.update(app_env(manifest))
    app = create_app()
    with app.app_context():
        pages, documents, drawn = undrawn_pages(manifest)
    print(f"reader data={folder} documents={documents} pages_undrawn={len(pages)} "
          f"pages_drawn_before={drawn}")
    if not pages:
        sys.exit("No page of the data set is left undrawn: a first view cannot be measured "
                 "(generate the data set again, or delete DOCUMENTS/derived/*/reader-*).")
    client = app.test_client()
    log_in(client, manifest.login_email, manifest.password)
    targets = random.Random(seed).sample(pages, min(samples, len(pages)))
    read_pages(client, targets, scans=set())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--scan-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--data", metavar="DIR",
                        help="read pages of this data set made by bench/generate.py instead")
    args = parser.parse_args()
    if args.data:
        main_data(args.data, args.samples, args.seed)
        return
    started = time.perf_counter()
    data = make_pdf(args.pages, args.scan_every)
    print(f"reader pdf pages={args.pages} bytes={len(data)} "
          f"build_seconds={time.perf_counter() - started:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI":
                          f"sqlite:///{folder}/bench.sqlite",
                          "DOCUMENTS_PATH": f"{folder}/documents",
                          "DOCUMENTS_STAGING_PATH": f"{folder}/staging"})
        with app.app_context():
            db.create_all()
            document_id, email = setup(app, data, args.pages)
        client = app.test_client()
        log_in(client, email)
        rng = random.Random(args.seed)
        numbers = rng.sample(range(1, args.pages + 1), min(args.samples, args.pages))
        scans = {(document_id, n) for n in numbers if args.scan_every and n % args.scan_every == 0}
        read_pages(client, [(document_id, n) for n in numbers], scans)


if __name__ == "__main__":
    main()
