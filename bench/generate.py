"""Generate the coalition-scale benchmark data set (issue 6) by bulk inserts, from a seed.

    .venv/bin/python bench/generate.py [--scale 1.0] [--seed 6] [--output DIR]
    .venv/bin/python bench/generate.py --add-campaigns --output DIR

At --scale 1.0: 50 organisations, 300 users, 5,000 agencies over all 53 jurisdictions,
100,000 requests sent over 8 years (about 1,000,000 communications whose kinds follow each
request's status), 100,000 documents with about 1,000,000 pages of extracted text, 20,000
evidence items and two letters citing 10,000 and 1,000 of them, and 20 campaigns of 10 member
organisations each with 20,000 linked requests and 5,000 shared evidence items (issue 19).
Every count scales with --scale.

--add-campaigns adds the campaigns to a data set generated before they existed (DIR's
manifest.json says where its database is; BENCH_DATABASE_URL is not read) and updates the
manifest: the same campaigns a full generation with that seed makes, in seconds.

DIR defaults to instance/bench (git ignores instance/). The database is DIR/bench.sqlite, or
BENCH_DATABASE_URL when set (e.g. postgresql+psycopg://postgres@127.0.0.1/foia_bench): its
schema is dropped and created afresh. At full scale the load takes about 3 minutes on SQLite
(2 GB) on the 2-core development machine; timings per table are printed.
Documents go to DIR/documents: a sample of real PDFs (the ones the letters cite, so exports and
bundles of them work); the other documents have rows, pages and hashes but no file.
DIR/manifest.json tells the benchmarks how to use the data set (see `Manifest`).

Organisation 1 is the large one (15 % of the requests, the letters and most evidence); its
user `LOGIN_EMAIL` logs in with `PASSWORD`. One of its requests has exactly 30 communications.
It leads campaign 1, the one the benchmarks read, whose shared documents the manifest's
campaign_query finds.
Deadlines are computed by the app's own engine while loading (no closures exist yet).
"""

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from datagen.campaigns import TABLES as CAMPAIGN_TABLES  # noqa: E402
from datagen.campaigns import CampaignSteps, campaigns_present  # noqa: E402
from datagen.evidence import Generator  # noqa: E402
from datagen.loader import Loader, fast_sqlite, reset_sequences  # noqa: E402
from datagen.settings import DEFAULT_OUTPUT, Counts, Manifest  # noqa: E402
from datagen.text import Vocabulary  # noqa: E402
from foia_tracker import create_app  # noqa: E402
from foia_tracker.documents import fulltext  # noqa: E402
from foia_tracker.evidence.chart_totals import chart_totals_rebuild  # noqa: E402
from foia_tracker.evidence.totals import totals_rebuild  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402

#: What the benchmarks import from here.
__all__ = ["DEFAULT_OUTPUT", "Manifest", "Vocabulary", "add_campaigns", "generate"]


def generate(*, scale: float, seed: int, output: Path, database_url: str | None = None,
             log=print) -> Manifest:
    """Build the data set (dropping what the database held) and return its manifest."""
    # Absolute: Flask-SQLAlchemy would read a relative SQLite path as inside instance/.
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    documents_path = output / "documents"
    url = database_url or f"sqlite:///{output / 'bench.sqlite'}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    counts = Counts.at(scale)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "DOCUMENTS_PATH": str(documents_path)})
    started_all = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        is_postgres = db.engine.dialect.name == "postgresql"
        generator = Generator(counts, seed, documents_path, log)
        with db.engine.connect() as connection:
            # Building the full-text index once at the end is about twice as quick as updating
            # it per page (FTS5 triggers) and far quicker than updating a GIN index per row.
            for statement in fulltext.POSTGRES_DROP if is_postgres else fulltext.SQLITE_DROP:
                connection.exec_driver_sql(statement)
            if not is_postgres:
                fast_sqlite(connection)
            load = Loader(connection, log)
            steps = (("organisation", generator.organisations), ("user", generator.users),
                     ("agency", generator.agencies), ("tag", generator.tags),
                     ("records_request", generator.requests),
                     ("document", generator.documents), ("evidence_item", generator.evidence))
            for name, step in steps:
                started = time.perf_counter()
                step(load)
                connection.commit()
                log(f"generate step {name} seconds={time.perf_counter() - started:.1f}")
            letters = generator.letters(load)
            started = time.perf_counter()
            campaigns = CampaignSteps(counts, seed, requests=counts.requests,
                                      items=counts.evidence).load(load)
            connection.commit()
            log(f"generate step campaign seconds={time.perf_counter() - started:.1f}")
            # Loaded past the evidence services, which keep the purchase totals.
            totals_rebuild(connection)
            chart_totals_rebuild(connection)
            connection.commit()
            for table in ("organisation", "user", "agency", "records_request", "request_tag",
                          "communication", "document", "document_page", "evidence_item",
                          "letter", "letter_citation", *(t.name for t in CAMPAIGN_TABLES)):
                load.report(table)
            log(f"generate deadlines_computed seconds={getattr(generator, 'deadline_seconds', 0):.1f}"
                " (included in records_request)")
            log(f"generate real_pdfs count={len(generator.real_documents)} "
                f"seconds={generator.real_pdf_seconds:.1f}")
            started = time.perf_counter()
            if is_postgres:
                connection.exec_driver_sql("SET maintenance_work_mem = '512MB'")
            for statement in (fulltext.POSTGRES_CREATE if is_postgres
                              else [*fulltext.SQLITE_CREATE, fulltext.SQLITE_REBUILD]):
                connection.exec_driver_sql(statement)
            connection.commit()
            load.seconds["fulltext_index"] = time.perf_counter() - started
            log(f"generate fulltext_index seconds={load.seconds['fulltext_index']:.1f}")
            if is_postgres:
                reset_sequences(connection)
                connection.commit()
                started = time.perf_counter()
                # Autovacuum would get to the new tables soon; do it now for stable figures:
                # ANALYZE for the plans, VACUUM for the visibility map that lets index-only
                # scans (counts) skip the table. VACUUM cannot run inside a transaction.
                with db.engine.connect().execution_options(
                        isolation_level="AUTOCOMMIT") as autocommit:
                    autocommit.exec_driver_sql("VACUUM ANALYZE")
                log(f"generate vacuum_analyze seconds={time.perf_counter() - started:.1f}")
        db.engine.dispose()
    total = time.perf_counter() - started_all
    manifest = Manifest(
        scale=scale, seed=seed, database_url=url, documents_path=str(documents_path),
        detail_request_id=generator.detail_request_id,
        filter_agency_id=max(generator.agency_requests, key=generator.agency_requests.get),
        letters=letters, campaign_id=campaigns.campaign_id, campaign_query=campaigns.query,
        rows=dict(load.rows),
        seconds={**{k: round(v, 1) for k, v in load.seconds.items()}, "total": round(total, 1)})
    manifest.write(output)
    size = _database_size(url)
    log(f"generate total seconds={total:.1f} database_megabytes={size / 2**20:.0f}")
    return manifest


def add_campaigns(*, output: Path, log=print) -> Manifest:
    """Add the campaigns to the data set generated earlier into `output`; return its manifest."""
    output = output.resolve()
    manifest = Manifest.read(output)
    app = create_app({"SQLALCHEMY_DATABASE_URI": manifest.database_url, "SECRET_KEY": "bench",
                      "DOCUMENTS_PATH": manifest.documents_path})
    started = time.perf_counter()
    with app.app_context():
        is_postgres = db.engine.dialect.name == "postgresql"
        with db.engine.connect() as connection:
            # A data set generated before campaigns existed lacks their tables.
            db.metadata.create_all(connection, tables=CAMPAIGN_TABLES)
            if campaigns_present(connection):
                raise SystemExit(f"{output}: the data set has campaigns already; nothing added")
            load = Loader(connection, log)
            campaigns = CampaignSteps(
                Counts.at(manifest.scale), manifest.seed,
                requests=manifest.rows["records_request"], items=manifest.rows["evidence_item"],
                large_organisation_id=manifest.large_organisation_id).load(load)
            if is_postgres:
                reset_sequences(connection)
            connection.commit()
            for table in CAMPAIGN_TABLES:
                load.report(table.name)
        if is_postgres:
            # generate() ends with VACUUM ANALYZE; the new tables need their statistics too.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as auto:
                auto.exec_driver_sql("VACUUM ANALYZE " + ", ".join(
                    t.name for t in CAMPAIGN_TABLES))
        db.engine.dispose()
    seconds = time.perf_counter() - started
    manifest = dataclasses.replace(
        manifest, campaign_id=campaigns.campaign_id, campaign_query=campaigns.query,
        rows={**manifest.rows, **load.rows},
        seconds={**manifest.seconds, "campaigns": round(seconds, 1)})
    manifest.write(output)
    log(f"generate campaigns added seconds={seconds:.1f} campaign_id={campaigns.campaign_id} "
        f"query={campaigns.query} query_pages={campaigns.query_pages}")
    return manifest


def _database_size(url: str) -> int:
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).stat().st_size
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        size = db.session.scalar(text("SELECT pg_database_size(current_database())"))
        db.engine.dispose()
    return size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 is the full data set; e.g. 0.002 for a smoke run")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="folder for bench.sqlite, documents/ and manifest.json")
    parser.add_argument("--add-campaigns", action="store_true",
                        help="add the campaigns to the data set already in --output")
    args = parser.parse_args(argv)
    if args.add_campaigns:
        add_campaigns(output=args.output)
        return
    generate(scale=args.scale, seed=args.seed, output=args.output,
             database_url=os.environ.get("BENCH_DATABASE_URL"))


if __name__ == "__main__":
    main()
