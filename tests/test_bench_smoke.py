"""The benchmark suite at a tiny scale, so the benchmarks cannot silently rot.

Runs `bench/run.py` (what `make bench` runs) on a tiny data set: the generator, every
benchmark's smallest mode, each in its own process. Asserts only that each completes and
prints its measure lines, never anything about speed. With TEST_DATABASE_URL set, everything
runs on a scratch database of that PostgreSQL server, created and dropped here (the
benchmarks drop and create schemas, so never on the test database itself).
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from foia_tracker.campaigns import search_index

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("bare", "dashboard", "requests", "requests_open_technology", "requests_agency",
         "request_detail_30", "purchases", "campaign", "campaign_search")
#: A line each benchmark prints when it has measured something.
MEASURES = {
    "generate": ("generate total seconds=", "generate document_page rows="),
    # Every page, uncached, with the writes and the scheduler in the background.
    "pages": tuple(f"pages {name} rps=" for name in PAGES),
    "exports": ("exports csv items=", "exports zip items="),
    "deadlines": ("deadlines due_dates_per_second ",),
    "recompute": ("recompute initial_fill_seconds ", "recompute after_holiday_seconds "),
    "alerts": ("alerts find_due_seconds ", "alerts sweep_seconds "),
    "mail": ("mail digests_per_second ",),
    "upload": ("upload upload_megabytes_per_second ",
               "upload worker_peak_memory_growth_megabytes "),
}


@pytest.fixture
def bench_env():
    """The benchmarks' environment: SQLite files, or a scratch PostgreSQL database."""
    env = {k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"}
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        yield env
        return
    url = make_url(test_url).set(drivername="postgresql+psycopg")
    name = f"foia_bench_smoke_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {**env, "BENCH_DATABASE_URL": url.set(database=name).render_as_string(
            hide_password=False)}
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_every_benchmark_runs_and_reports_its_measures(bench_env, tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "0.002", "--seconds", "1",
         "--connections", "4", "--upload-megabytes", "2", "--output", str(tmp_path / "data")],
        cwd=ROOT, env=bench_env, capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    lines = output.splitlines()
    benchmarks = list(MEASURES)
    # Search runs when it exists, except where the runner says it cannot measure this database.
    if (ROOT / "bench" / "bench_search.py").exists() and "search skipped: it measures SQLite " \
            "only so far" not in lines:
        benchmarks.append("search")
    for name in benchmarks:
        assert any(line.startswith(f"{name} benchmark_seconds ") and line.endswith("exit=0")
                   for line in lines), f"{name} did not complete:\n{output[-6000:]}"
        for start in MEASURES.get(name, ()):
            assert any(line.startswith(start) for line in lines), \
                f"no line starting {start!r}:\n{output[-6000:]}"
    # The targets are checked and reported (met or not: speed is not asserted here).
    assert any(line.startswith("target pages dashboard") for line in lines), output[-3000:]
    # The workers' CPU a read is measured (it explains rps on a shared machine).
    dashboard = next(line for line in lines if line.startswith("pages dashboard rps="))
    assert float(re.search(r"worker_cpu_ms_per_read=([\d.]+)", dashboard).group(1)) > 0, dashboard


def _digest(path: Path) -> str:
    engine = create_engine(f"sqlite:///{path}")
    digest = hashlib.sha256()
    with engine.connect() as connection:
        for query in ("SELECT id, organisation_id, agency_id, status, sent_on, next_due_on "
                      "FROM records_request ORDER BY id",
                      "SELECT request_id, kind, occurred_on FROM communication ORDER BY id",
                      "SELECT sha256, exhibit_number FROM document ORDER BY id",
                      "SELECT text FROM document_page ORDER BY id",
                      "SELECT vendor, amount FROM evidence_item ORDER BY id",
                      "SELECT campaign_id, organisation_id FROM campaign_member ORDER BY 1, 2",
                      "SELECT campaign_id, request_id FROM campaign_request ORDER BY 1, 2",
                      "SELECT campaign_id, evidence_item_id FROM campaign_share ORDER BY id"):
            for row in connection.execute(text(query)):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    return digest.hexdigest()


def test_the_generator_gives_the_same_data_for_the_same_seed(tmp_path):
    generate = [sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", "0.001"]
    env = {k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"}
    for folder, seed in (("a", "6"), ("b", "6"), ("c", "7")):
        subprocess.run(generate + ["--seed", seed, "--output", str(tmp_path / folder)],
                       cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    first, again, other = (_digest(tmp_path / f / "bench.sqlite") for f in "abc")
    assert first == again
    assert first != other


CAMPAIGN_TABLES = ("campaign_share", "campaign_request", "campaign_member", "campaign")


def _campaign_rows(path: Path) -> dict[str, list]:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        rows = {table: [tuple(row) for row in connection.execute(
            text(f"SELECT * FROM {table} ORDER BY 1, 2"))] for table in CAMPAIGN_TABLES}
    engine.dispose()
    return rows


def test_campaigns_added_to_an_older_data_set_are_those_a_generation_makes(tmp_path):
    """The lead adds campaigns to the big data sets instead of generating them again."""
    env = {k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"}
    generate = [sys.executable, str(ROOT / "bench" / "generate.py")]
    subprocess.run(generate + ["--scale", "0.001", "--output", str(tmp_path / "new")],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    shutil.copytree(tmp_path / "new", tmp_path / "old")
    # An older data set: no campaign tables (nor the shared pages' index that came with them),
    # a manifest without a campaign.
    engine = create_engine(f"sqlite:///{tmp_path / 'old' / 'bench.sqlite'}")
    with engine.begin() as connection:
        for statement in search_index.SQLITE_DROP:
            connection.execute(text(statement))
        for table in CAMPAIGN_TABLES:
            connection.execute(text(f"DROP TABLE {table}"))
    engine.dispose()
    manifest = json.loads((tmp_path / "new" / "manifest.json").read_text())
    old = {key: value for key, value in manifest.items()
           if key not in ("campaign_id", "campaign_query")}
    old["rows"] = {k: v for k, v in manifest["rows"].items() if not k.startswith("campaign")}
    old["database_url"] = f"sqlite:///{tmp_path / 'old' / 'bench.sqlite'}"
    (tmp_path / "old" / "manifest.json").write_text(json.dumps(old))

    add = generate + ["--add-campaigns", "--output", str(tmp_path / "old")]
    subprocess.run(add, cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)

    added = _campaign_rows(tmp_path / "old" / "bench.sqlite")
    assert added == _campaign_rows(tmp_path / "new" / "bench.sqlite")
    assert all(added.values())
    updated = json.loads((tmp_path / "old" / "manifest.json").read_text())
    assert updated["campaign_id"] == manifest["campaign_id"] == 1
    assert updated["campaign_query"] == manifest["campaign_query"] != ""
    assert updated["rows"]["campaign_share"] == manifest["rows"]["campaign_share"]
    # Twice would duplicate them: refused, and said why.
    again = subprocess.run(add, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode != 0
    assert "has campaigns already" in again.stderr
