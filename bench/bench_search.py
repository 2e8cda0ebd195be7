"""Time full-text search over 100,000 documents (about 1,000,000 pages).

Issue 5's target (SQLite): under 100 ms at the 95th percentile through the app's search
function, and within 2x of the same query run straight against the full-text index (FTS5 on
SQLite; the GIN-indexed tsvector on PostgreSQL).

Run: .venv/bin/python bench/bench_search.py [--documents 100000] [--queries 200]
Uses BENCH_DATABASE_URL when set, else a temporary SQLite file. The text is synthetic: words
drawn from a Zipf-like vocabulary (deterministic from the seed), 50 organisations, 1 to 19
pages per document. Prints one line per measure.
"""

import argparse
import itertools
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dataset import bench_database  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from foia_tracker.agencies.models import Agency  # noqa: E402
from foia_tracker.documents.fulltext import FTS_TABLE  # noqa: E402
from foia_tracker.documents.models import Document, DocumentPage  # noqa: E402
from foia_tracker.documents.search import documents_search, sqlite_match  # noqa: E402
from foia_tracker.documents.search_query import query_parse, websearch_text  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402
from foia_tracker.records.models import RecordsRequest  # noqa: E402

NOW = datetime.now(timezone.utc)
ORGANISATIONS = 50
DOCUMENTS_PER_REQUEST = 20
VOCABULARY = 30_000
WORDS_PER_PAGE = (60, 140)
DOMAIN_WORDS = ["clearview", "rekognition", "cellebrite", "stingray", "shotspotter", "palantir",
                "contract", "invoice", "surveillance", "license", "camera", "drone", "vendor"]


def vocabulary(rng: random.Random) -> list[str]:
    """Return distinct pronounceable made-up words, most frequent first."""
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
    words = dict.fromkeys(DOMAIN_WORDS)
    while len(words) < VOCABULARY:
        words["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


def load(documents: int, seed: int) -> list[str]:
    """Insert organisations, requests and documents with their pages; return the vocabulary."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    # Zipf: the word of rank r is used in proportion to 1/r.
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    db.session.execute(insert(Organisation), [
        {"id": n, "name": f"Org {n}", "code": f"O{n}", "followup_policy_days": 10,
         "created_at": NOW} for n in range(1, ORGANISATIONS + 1)])
    db.session.execute(insert(Agency), [
        {"id": n, "name": f"Agency {n}", "jurisdiction": "OR", "level": "city", "kind": "police",
         "records_officer": "", "email": "", "portal_url": "", "postal_address": "", "notes": "",
         "created_at": NOW} for n in range(1, 501)])
    requests = -(-documents // DOCUMENTS_PER_REQUEST)
    db.session.execute(insert(RecordsRequest), [
        {"id": n, "organisation_id": (n % ORGANISATIONS) + 1, "year": 2026, "number": n,
         "agency_id": rng.randrange(1, 501), "title": f"Request {n}", "body": "x",
         "status": "acknowledged", "deadlines": {}, "created_at": NOW, "updated_at": NOW}
        for n in range(1, requests + 1)])
    page_id = 0
    for start in range(1, documents + 1, 5_000):
        rows, pages = [], []
        for n in range(start, min(start + 5_000, documents + 1)):
            request_id = (n - 1) // DOCUMENTS_PER_REQUEST + 1
            sequence = (n - 1) % DOCUMENTS_PER_REQUEST + 1
            count = rng.randint(1, 19)
            rows.append({
                "id": n, "organisation_id": (request_id % ORGANISATIONS) + 1,
                "request_id": request_id, "sequence": sequence,
                "exhibit_number": f"O-2026-{request_id:04d}-{sequence:03d}",
                "original_name": f"release-{n}.pdf", "sha256": f"{n:064x}", "size_bytes": 1,
                "media_type": "application/pdf", "page_count": count, "archive_path": "",
                "uploaded_at": NOW, "deletion_reason": "", "extraction_status": "done",
                "extracted_pages": count, "extraction_error": ""})
            for number in range(1, count + 1):
                page_id += 1
                length = rng.randint(*WORDS_PER_PAGE)
                words_of_page = rng.choices(words, cum_weights=cumulative, k=length)
                pages.append({"id": page_id, "document_id": n, "page_number": number,
                              "text": " ".join(words_of_page)})
        db.session.execute(insert(Document), rows)
        db.session.execute(insert(DocumentPage), pages)
        db.session.commit()
    return words


def queries(words: list[str], count: int, seed: int) -> list[tuple[int, str]]:
    """Return (organisation, query) pairs: common and rare words, two-word and phrase queries."""
    rng = random.Random(seed + 1)
    common, middle, rare = words[:50], words[50:2_000], words[2_000:]
    kinds = [
        lambda: rng.choice(common),
        lambda: rng.choice(middle),
        lambda: rng.choice(rare),
        lambda: f"{rng.choice(common)} {rng.choice(middle)}",
        lambda: f'"{rng.choice(common)} {rng.choice(common)}"',
        lambda: f"{rng.choice(middle)} OR {rng.choice(rare)}",
    ]
    return [(rng.randint(1, ORGANISATIONS), kinds[n % len(kinds)]()) for n in range(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def measure(runs: list[tuple[int, str]]) -> tuple[list[float], list[float]]:
    """Time each query through the app and raw, alternately, so both see the same machine."""
    app_ms, raw_ms = [], []
    for organisation_id, query in runs:
        for search, timings in ((raw_search, raw_ms), (app_search, app_ms)):
            started = time.perf_counter()
            search(organisation_id, query)
            timings.append((time.perf_counter() - started) * 1000)
    return app_ms, raw_ms


def app_search(organisation_id: int, query: str) -> None:
    documents_search(organisation_id=organisation_id, query=query)


RAW_SQLITE = text(
    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match ORDER BY rank LIMIT 50")
# The organisation filter is part of the raw query on both databases, as the app must apply it.
RAW_POSTGRES = text("""
    SELECT p.id FROM document_page p JOIN document d ON d.id = p.document_id
    WHERE d.organisation_id = :organisation_id
      AND p.search_vector @@ websearch_to_tsquery('english', :q)
    ORDER BY ts_rank(p.search_vector, websearch_to_tsquery('english', :q)) DESC
    LIMIT 50""")


def raw_search(organisation_id: int, query: str) -> None:
    parsed = query_parse(query)
    if db.engine.dialect.name == "sqlite":
        match = sqlite_match(organisation_id, parsed, None)
        db.session.execute(RAW_SQLITE, {"match": match}).all()
    else:
        db.session.execute(RAW_POSTGRES, {"organisation_id": organisation_id,
                                          "q": websearch_text(parsed)}).all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with bench_database():
        started = time.perf_counter()
        words = load(args.documents, args.seed)
        print(f"load_seconds {time.perf_counter() - started:.1f}")
        print(f"documents {args.documents}")
        print(f"pages {db.session.scalar(text('SELECT count(*) FROM document_page'))}")
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        runs = queries(words, args.queries, args.seed)
        measure(runs[:20])  # warm the page cache, as a running server has it
        app_ms, raw_ms = measure(runs)
        print(f"app_search_p50_ms {statistics.median(app_ms):.1f}")
        print(f"app_search_p95_ms {percentile(app_ms, 0.95):.1f}")
        print(f"raw_fts_p50_ms {statistics.median(raw_ms):.1f}")
        print(f"raw_fts_p95_ms {percentile(raw_ms, 0.95):.1f}")
        print(f"p95_ratio {percentile(app_ms, 0.95) / percentile(raw_ms, 0.95):.2f}")


if __name__ == "__main__":
    main()
