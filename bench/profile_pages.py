"""CPU per view of each page of the page benchmark, in one process, with an optional profile.

    .venv/bin/python bench/profile_pages.py --data DIR [--views 20] [--profile PAGE]

Serves the data set's pages through Flask's test client (logged in as bench_pages's editor),
so the figures are the app's own cost per view: no gunicorn, no network, no other load.
It prints, per page, the CPU and wall-clock milliseconds a view takes (the mean of --views views
after two warm-up views), the SQL statements a view runs and their time; --sql PAGE lists that
page's statements with their mean time a view; --profile PAGE adds the top of a cProfile of that
page sorted by cumulative time (--sort tottime: by time in the function itself), the app's own
functions unless --only says otherwise; --save DIR keeps each page's HTML. It explains
bench_pages's figures: with two workers on two cores, a page's rps cannot pass about
2000 / (CPU ms per view).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from bench_pages import pages_of  # noqa: E402
from generate import Manifest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--views", type=int, default=20)
    parser.add_argument("--profile", help="a page name to profile (as bench_pages names it)")
    parser.add_argument("--sql", help="a page name whose statements to print with their times")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime"),
                        help="the profile's order")
    parser.add_argument("--only", default="foia_tracker", metavar="TEXT",
                        help="the profile lists only functions whose file name contains this "
                             "(default foia_tracker; '' for all)")
    parser.add_argument("--pages", help="comma-separated page names to measure (default: all)")
    parser.add_argument("--rows", type=int, default=45, help="the profile's length")
    parser.add_argument("--save", type=Path, metavar="DIR",
                        help="write each page's HTML there (NAME.html): compare two commits' "
                             "pages byte for byte")
    args = parser.parse_args()
    manifest = Manifest.read(args.data)
    os.environ.update({"FOIA_DATABASE_URL": manifest.database_url, "FOIA_SECRET_KEY": "bench",
                       "FOIA_DOCUMENTS_PATH": manifest.documents_path})

    from sqlalchemy import event

    from foia_tracker import create_app
    from foia_tracker.extensions import db

    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    statements = [0]
    timings: list[tuple[float, str]] = []

    def before(conn, cursor, statement, *_):
        statements[0] += 1
        conn.info["started"] = time.perf_counter()

    def after(conn, cursor, statement, *_):
        timings.append(((time.perf_counter() - conn.info["started"]) * 1000, statement))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        event.listen(db.engine, "after_cursor_execute", after)
    client = app.test_client()
    answer = client.post("/login", data={"email": manifest.login_email,
                                         "password": manifest.password})
    if answer.status_code != 302:
        raise SystemExit(f"login refused (HTTP {answer.status_code})")
    wanted = set(args.pages.split(",")) if args.pages else None
    for name, path in pages_of(manifest):
        if wanted is not None and name not in wanted:
            continue
        for _ in range(2):
            if client.get(path).status_code != 200:
                raise SystemExit(f"{name}: GET {path} did not answer 200")
        statements[0] = 0
        timings.clear()
        started, started_wall = time.process_time(), time.perf_counter()
        view_cpu_ms = []
        for _ in range(args.views):
            view_started = time.process_time()
            answer = client.get(path)
            view_cpu_ms.append((time.process_time() - view_started) * 1000)
        cpu_ms = (time.process_time() - started) * 1000 / args.views
        wall_ms = (time.perf_counter() - started_wall) * 1000 / args.views
        sql_ms = sum(ms for ms, _ in timings) / args.views
        # The median resists what the mean does not: a shared machine's bursts, a collection.
        print(f"profile {name} cpu_ms_per_view={cpu_ms:.1f} "
              f"cpu_ms_median={statistics.median(view_cpu_ms):.2f} wall_ms_per_view={wall_ms:.1f} "
              f"sql_per_view={statements[0] / args.views:.1f} sql_ms_per_view={sql_ms:.1f}")
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{name}.html").write_bytes(answer.data)
        if name == args.sql:
            per_statement: dict[str, float] = {}
            for ms, statement in timings:
                per_statement[statement] = per_statement.get(statement, 0) + ms / args.views
            for statement, ms in sorted(per_statement.items(), key=lambda item: -item[1]):
                print(f"  {ms:6.2f} ms  {' '.join(statement.split())[:300]}")
        if name == args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.views):
                client.get(path)
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats(args.sort)
            if args.only:
                stats.print_stats(args.only, args.rows)
            else:
                stats.print_stats(args.rows)


if __name__ == "__main__":
    main()
