"""Time the alert sweep over 100,000 open requests (issue 4's target: under 2 s on SQLite).

Run: .venv/bin/python bench/bench_alerts.py [--requests 100000] [--users 300]
Uses BENCH_DATABASE_URL when set, else a temporary SQLite file. Delivery is measured apart, by
bench/bench_mail.py. Prints one line per measure.
"""

import argparse
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dataset import bench_database, load_requests  # noqa: E402

from foia_tracker.alerts.sweep import _due_items, alerts_sweep  # noqa: E402
from foia_tracker.records.recompute import deadlines_recompute_all  # noqa: E402

#: 08:00 in Los Angeles, where the bench users live, on a Monday.
SWEEP_AT = datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    with bench_database():
        # Sent over the last 90 days: a realistic mix of passed, near and far deadlines.
        load_requests(args.requests, first_sent_on=SWEEP_AT.date() - timedelta(days=90),
                      span_days=90, users=args.users)
        deadlines_recompute_all(reason="bench")
        # The first sweep ever also drafts a follow-up for every overdue request (once).
        _measure("first_sweep", SWEEP_AT - timedelta(days=1))
        started = time.perf_counter()
        items, by_user = _due_items(SWEEP_AT)
        print(f"find_due_seconds {time.perf_counter() - started:.2f}")
        print(f"find_due_requests {sum(len(v) for v in items.values())}")
        _measure("sweep", SWEEP_AT)
        _measure("repeat_sweep", SWEEP_AT + timedelta(minutes=5))


def _measure(name: str, now: datetime) -> None:
    started = time.perf_counter()
    report = alerts_sweep(now=now)
    elapsed = time.perf_counter() - started
    print(f"{name}_seconds {elapsed:.2f}")
    print(f"{name}_digests {report.digests}")
    print(f"{name}_alerts {report.alerts}")
    print(f"{name}_followups {report.followups}")


if __name__ == "__main__":
    main()
