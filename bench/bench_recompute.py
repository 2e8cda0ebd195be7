"""Time recomputing the stored deadlines of every request: the first fill, then after a holiday change.

Run: .venv/bin/python bench/bench_recompute.py [--requests 100000]
Uses BENCH_DATABASE_URL when set (e.g. PostgreSQL), else a temporary SQLite file.
Prints one line per measure.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from foia_tracker import create_app  # noqa: E402
from foia_tracker.agencies.models import Agency  # noqa: E402
from foia_tracker.closures.models import Closure  # noqa: E402
from foia_tracker.communications.models import Communication  # noqa: E402
from foia_tracker.deadlines.jurisdictions import JURISDICTIONS  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402
from foia_tracker.records.models import RecordsRequest  # noqa: E402
from foia_tracker.records.recompute import deadlines_recompute_all  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        _load(args.requests)
        print(f"load_seconds {time.perf_counter() - started:.1f}")
        _measure("initial_fill", "bench: first computation")
        # A closure of every office in every jurisdiction on one day, as a new holiday would be.
        closed_on = date(2025, 12, 1)
        db.session.execute(insert(Closure), [
            {"jurisdiction": code, "closed_on": closed_on, "name": "Bench holiday", "created_at": _NOW}
            for code in JURISDICTIONS])
        db.session.commit()
        _measure("after_holiday", "bench: holiday change")
        db.drop_all()


def _measure(name: str, reason: str) -> None:
    started = time.perf_counter()
    changed, total = deadlines_recompute_all(reason=reason)
    elapsed = time.perf_counter() - started
    print(f"{name}_requests {total}")
    print(f"{name}_changed {changed}")
    print(f"{name}_seconds {elapsed:.2f}")
    print(f"{name}_requests_per_second {total / elapsed:.0f}")


_NOW = datetime.now(timezone.utc)


def _load(count: int) -> None:
    rng = random.Random(42)
    now = _NOW
    db.session.execute(insert(Organisation), [{"id": 1, "name": "Bench", "code": "BN",
                                               "followup_policy_days": 10, "created_at": now}])
    codes = list(JURISDICTIONS)
    db.session.execute(insert(Agency), [
        {"id": n, "name": f"Agency {n}", "jurisdiction": codes[n % len(codes)], "level": "city",
         "kind": "police", "records_officer": "", "email": "", "portal_url": "",
         "postal_address": "", "notes": "", "created_at": now} for n in range(1, 501)])
    requests, communications = [], []
    for n in range(1, count + 1):
        sent_on = date(2025, 1, 2) + timedelta(days=rng.randrange(600))
        requests.append({"id": n, "organisation_id": 1, "year": sent_on.year, "number": n,
                         "agency_id": rng.randrange(1, 501), "title": f"Request {n}", "body": "x",
                         "sent_on": sent_on, "received_on": sent_on, "channel": "portal",
                         "status": "acknowledged", "deadlines": {}, "created_at": now,
                         "updated_at": now})
        communications.append({"request_id": n, "direction": "sent", "kind": "request_sent",
                               "occurred_on": sent_on, "summary": "sent", "body": "", "created_at": now})
        communications.append({"request_id": n, "direction": "received", "kind": "acknowledgment",
                               "occurred_on": sent_on + timedelta(days=2), "summary": "ack",
                               "body": "", "created_at": now})
    for start in range(0, len(requests), 10_000):
        db.session.execute(insert(RecordsRequest), requests[start:start + 10_000])
    for start in range(0, len(communications), 20_000):
        db.session.execute(insert(Communication), communications[start:start + 20_000])
    db.session.commit()


if __name__ == "__main__":
    main()
