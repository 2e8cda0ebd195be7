"""Time recomputing the stored deadlines of every request: the first fill, then after a holiday change.

Run: .venv/bin/python bench/bench_recompute.py [--requests 100000]
Uses BENCH_DATABASE_URL when set (e.g. PostgreSQL), else a temporary SQLite file.
Prints one line per measure.
"""

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dataset import NOW, bench_database, load_requests  # noqa: E402

from sqlalchemy import insert  # noqa: E402

from foia_tracker.closures.models import Closure  # noqa: E402
from foia_tracker.deadlines.jurisdictions import JURISDICTIONS  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.records.recompute import deadlines_recompute_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    with bench_database():
        started = time.perf_counter()
        load_requests(args.requests, first_sent_on=date(2025, 1, 2), span_days=600)
        print(f"load_seconds {time.perf_counter() - started:.1f}")
        _measure("initial_fill", "bench: first computation")
        # A closure of every office in every jurisdiction on one day, as a new holiday would be.
        closed_on = date(2025, 12, 1)
        db.session.execute(insert(Closure), [
            {"jurisdiction": code, "closed_on": closed_on, "name": "Bench holiday", "created_at": NOW}
            for code in JURISDICTIONS])
        db.session.commit()
        _measure("after_holiday", "bench: holiday change")


def _measure(name: str, reason: str) -> None:
    started = time.perf_counter()
    changed, total = deadlines_recompute_all(reason=reason)
    elapsed = time.perf_counter() - started
    print(f"{name}_requests {total}")
    print(f"{name}_changed {changed}")
    print(f"{name}_seconds {elapsed:.2f}")
    print(f"{name}_requests_per_second {total / elapsed:.0f}")


if __name__ == "__main__":
    main()
