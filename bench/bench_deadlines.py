"""Benchmark the deadline engine: due dates per second over a mix of jurisdictions (not a test)."""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foia_tracker.deadlines import (  # noqa: E402
    Extension,
    Pause,
    RequestEvents,
    business_calendar,
    compute_clocks,
    deadline_report,
    rule_for,
)
from foia_tracker.deadlines.jurisdictions import JURISDICTIONS  # noqa: E402

N = 100_000


def _requests(n: int) -> list[tuple[str, date, RequestEvents]]:
    rng = random.Random(42)
    codes = [c for c in JURISDICTIONS if c != "AL"] + ["AL"]
    out = []
    for _ in range(n):
        code = rng.choice(codes)
        received_on = date(2025, 1, 1) + timedelta(days=rng.randrange(730))
        events = RequestEvents()
        roll = rng.random()
        if roll < 0.2:
            events = RequestEvents(acknowledged_on=received_on + timedelta(days=3), denied_on=received_on + timedelta(days=20))
        elif roll < 0.25:
            events = RequestEvents(
                pauses=(Pause(received_on + timedelta(days=2), received_on + timedelta(days=9), "fees"),),
                extensions=(Extension(received_on + timedelta(days=3), 10, "business", "volume"),),
            )
        out.append((code, received_on, events))
    return out


def main() -> None:
    """Print one line per measure."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=N)
    n = parser.parse_args().requests
    requests = _requests(n)
    calendars = {code: business_calendar(code) for code in JURISDICTIONS}
    for code, received_on, _ in requests[:2000]:
        calendars[code].add_business_days(received_on, 60)

    started = time.perf_counter()
    due_dates = 0
    for code, received_on, events in requests:
        clocks = compute_clocks(rule_for(code, received_on), received_on=received_on, calendar=calendars[code], events=events)
        due_dates += sum(1 for c in clocks.values() if c.due_on is not None)
    elapsed = time.perf_counter() - started
    print(f"requests {n}")
    print(f"recompute_seconds {elapsed:.2f}")
    print(f"requests_per_second {n / elapsed:.0f}")
    print(f"due_dates_per_second {due_dates / elapsed:.0f}")

    calendar = calendars["US"]
    started = time.perf_counter()
    for _, received_on, _ in requests:
        calendar.add_business_days(received_on, 20)
    print(f"add_business_days_per_second {n / (time.perf_counter() - started):.0f}")

    started = time.perf_counter()
    for _, received_on, _ in requests:
        calendar.add_business_days(received_on, 2000)
    print(f"add_2000_business_days_per_second {n / (time.perf_counter() - started):.0f}")

    sample = requests[:5000]
    started = time.perf_counter()
    for code, received_on, events in sample:
        deadline_report(code, received_on, events=events)
    print(f"reports_with_explanations_per_second {len(sample) / (time.perf_counter() - started):.0f}")


if __name__ == "__main__":
    main()
