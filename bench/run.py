"""Run the whole benchmark suite (issues 6 and 15) and check the figures against the issue's targets.

    .venv/bin/python bench/run.py [--scale 1.0] [--reuse DIR] [--seconds 10] [--only NAMES]

SQLite by default; PostgreSQL when BENCH_DATABASE_URL is set (e.g.
postgresql+psycopg://postgres@127.0.0.1/foia_bench), for every benchmark. --scale 1.0 is the
issue's full data set (100,000 requests: generating it takes a few minutes); 0.01 is a quick look.

Order: generate the data set (or --reuse the folder of an earlier one: its manifest says which
database it is in), then the benchmarks that read it: pages, exports; then those that load
their own data: search (until it reads the generated set), deadlines, recompute, alerts, mail,
upload. On PostgreSQL the latter replace the schema of BENCH_DATABASE_URL, so a PostgreSQL
data set cannot be reused after a full run (a SQLite one can: it is a file in the data folder).

Each benchmark is its own process and prints one line per measure; lines are prefixed with the
benchmark's name. At the end, one `target` line per target of the issue says whether it was
met (absolute targets only mean something at --scale 1.0). Exit status 1 if a benchmark failed.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

from generate import DEFAULT_OUTPUT  # noqa: E402

SUITE = ("generate", "pages", "exports", "search", "deadlines", "recompute", "alerts", "mail",
         "upload")
#: Benchmarks that cannot measure PostgreSQL yet: skipped, and said so, when it is the database.
SQLITE_ONLY: set[str] = set()

#: (benchmark, measure, pattern of its value, comparison, target): the issue's targets.
TARGETS = (
    # Pages uncached under the mixed load (issue 15).
    *(target for page in ("dashboard", "requests", "requests_open_technology", "requests_agency",
                          "request_detail_30")
      for target in (
          ("pages", f"{page} ratio_to_bare", rf"^pages {page} .*ratio_to_bare=([\d.]+)", ">=", 0.15),
          ("pages", f"{page} p95_ms", rf"^pages {page} .*p95_ms=([\d.]+)", "<", 150))),
    ("pages", "purchases p95_ms", r"^pages purchases .*p95_ms=([\d.]+)", "<", 200),
    # Campaigns (issue 19): the page as the request lists, its search as search.
    ("pages", "campaign ratio_to_bare", r"^pages campaign .*ratio_to_bare=([\d.]+)", ">=", 0.15),
    ("pages", "campaign p95_ms", r"^pages campaign .*p95_ms=([\d.]+)", "<", 150),
    ("pages", "campaign_search p95_ms", r"^pages campaign_search .*p95_ms=([\d.]+)", "<", 100),
    ("search", "app_search_p95_ms", r"app_search_p95_ms ([\d.]+)", "<", 100),
    ("search", "p95_ratio_to_raw_fts", r"p95_ratio ([\d.]+)", "<", 2),
    ("deadlines", "due_dates_per_second", r"due_dates_per_second (\d+)", ">=", 100_000),
    ("recompute", "initial_fill_seconds", r"initial_fill_seconds ([\d.]+)", "<", 10),
    ("recompute", "after_holiday_seconds", r"after_holiday_seconds ([\d.]+)", "<", 10),
    ("alerts", "find_due_seconds", r"find_due_seconds ([\d.]+)", "<", 2),
    ("alerts", "sweep_seconds", r"^alerts sweep_seconds ([\d.]+)", "<", 2),
    ("mail", "digests_per_second", r"digests_per_second (\d+)", ">=", 200),
    ("upload", "ratio_to_sha256sum", r"ratio to sha256sum ([\d.]+)", ">=", 0.5),
    ("upload", "ratio_to_hashlib", r"to hashlib ([\d.]+)", ">=", 0.5),
    ("upload", "memory_growth_mb", r"worker_peak_memory_growth_megabytes ([\d.]+)", "<", 64),
    # Streaming: 10x the items add next to no memory.
    ("exports", "csv growth_delta_mb", r"^exports csv .*growth_delta_mb=(-?[\d.]+)", "<", 16),
    ("exports", "zip growth_delta_mb", r"^exports zip .*growth_delta_mb=(-?[\d.]+)", "<", 16),
)


def commands(args, data: Path) -> dict[str, list[str] | None]:
    """Return each benchmark's command line at this scale (None: not available)."""
    scale = args.scale

    def scaled(full: int, least: int) -> str:
        return str(max(least, round(full * scale)))

    py = [sys.executable]
    search = BENCH / "bench_search.py"
    return {
        "generate": None if args.reuse else py + [str(BENCH / "generate.py"), "--scale",
                                                  str(scale), "--output", str(data)],
        "pages": py + [str(BENCH / "bench_pages.py"), "--data", str(data), "--seconds",
                       str(args.seconds), "--connections", str(args.connections)],
        "exports": py + [str(BENCH / "bench_exports.py"), "--data", str(data)],
        "search": search_command(search, data, scale) if search.exists() else None,
        "deadlines": py + [str(BENCH / "bench_deadlines.py"), "--requests", scaled(100_000, 100)],
        "recompute": py + [str(BENCH / "bench_recompute.py"), "--requests",
                           scaled(100_000, 100)],
        "alerts": py + [str(BENCH / "bench_alerts.py"), "--requests", scaled(100_000, 100),
                        "--users", scaled(300, 3)],
        "mail": py + [str(BENCH / "bench_mail.py"), "--messages", scaled(1000, 10)],
        "upload": py + [str(BENCH / "bench_upload.py"), "--megabytes",
                        str(args.upload_megabytes or scaled(1024, 4))],
    }


def search_command(script: Path, data: Path, scale: float) -> list[str]:
    """Call the search benchmark with whichever of our options it accepts."""
    usage = subprocess.run([sys.executable, str(script), "--help"], capture_output=True,
                           text=True, cwd=ROOT).stdout
    command = [sys.executable, str(script)]
    if "--data" in usage:
        command += ["--data", str(data)]
    if "--scale" in usage:
        command += ["--scale", str(scale)]
    elif "--documents" in usage and "--data" not in usage:
        # It loads its own documents: as many as the data set would have.
        command += ["--documents", str(max(50, round(100_000 * scale)))]
    return command


def run_one(name: str, command: list[str], lines: list[str]) -> bool:
    """Run a benchmark, printing its lines prefixed with its name; return whether it succeeded."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, bufsize=1)
    for raw in process.stdout:
        line = raw.rstrip("\n")
        if not line.startswith(name + " ") and not (name == "pages" and line.startswith("pages")):
            line = f"{name} {line}"
        print(line, flush=True)
        lines.append(line)
    process.wait()
    print(f"{name} benchmark_seconds {time.perf_counter() - started:.1f} exit={process.returncode}",
          flush=True)
    return process.returncode == 0


def check_targets(lines: list[str], ran: set[str]) -> None:
    for bench, measure, pattern, comparison, target in TARGETS:
        if bench not in ran:
            continue
        for line in lines:
            found = re.search(pattern, line) if line.startswith(bench + " ") else None
            if found:
                value = float(found.group(1))
                met = value >= target if comparison == ">=" else value < target
                print(f"target {bench} {measure} value={value:g} target={comparison}{target:g} "
                      f"{'met' if met else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="use the data set generated earlier into DIR")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="where to generate the data set (default instance/bench)")
    parser.add_argument("--seconds", type=int, default=10, help="per page under load")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--upload-megabytes", type=int,
                        help="size of the uploaded file (default 1024 at --scale 1.0)")
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(SUITE)}")
    args = parser.parse_args(argv)
    data = (args.reuse.parent if args.reuse and args.reuse.is_file() else args.reuse) or args.output
    selected = set(args.only.split(",")) if args.only else set(SUITE)
    if unknown := selected - set(SUITE):
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    database = os.environ.get("BENCH_DATABASE_URL") or "SQLite"
    print(f"suite scale={args.scale} database={database.split('@')[-1]} data={data}", flush=True)
    lines: list[str] = []
    failed, ran = [], set()
    for name, command in commands(args, data).items():
        if name not in selected:
            continue
        if command is None:
            print(f"{name} skipped: " + ("--reuse given" if name == "generate"
                                          else f"bench/bench_{name}.py does not exist yet"))
            continue
        if name in SQLITE_ONLY and os.environ.get("BENCH_DATABASE_URL"):
            print(f"{name} skipped: it measures SQLite only so far")
            continue
        ran.add(name)
        if not run_one(name, command, lines):
            failed.append(name)
            if name == "generate":
                break
    check_targets(lines, ran)
    if failed:
        print(f"suite failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
