"""Exports: a letter's evidence list as CSV and as a ZIP evidence bundle, time and peak memory.

    .venv/bin/python bench/bench_exports.py [--data DIR | --scale 0.01] [--formats csv,zip]

Uses the generated data set's two letters (bench/generate.py: 10,000 and 1,000 cited items at
full scale, all on documents with real PDFs so the bundle can include them). Each export runs
exactly as a user would run it, `flask --app foia_tracker export-evidence --letter ID --format
FMT --output PATH`: once in its own process, whose peak resident memory (wait4's ru_maxrss)
is the export's alone, compared with the same command starting the app without exporting
(--help); and once timed in this process through the same command (Flask's CLI runner), so
the app's start-up is not in the time.
Prints one line per measure:

    exports <format> items=… seconds=… peak_rss_mb=… growth_mb=… file_mb=…
        [time_ratio_to_<n>=… peak_ratio_to_<n>=… growth_delta_mb=…]

Target (issue 6): exports stream, i.e. the memory growth stays flat as the items grow 10x.
"""

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import Manifest, generate  # noqa: E402

from foia_tracker import create_app  # noqa: E402

FLASK = [sys.executable, "-m", "flask", "--app", "foia_tracker"]


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float


def run_measured(command: list[str], env: dict) -> Run:
    """Run a command to completion; return its wall time and peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix every child so far).
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()
    process.stdout.close(), process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n"
                           + (out + err).decode("utf-8", "replace")[-3000:])
    # ru_maxrss is in kilobytes on Linux.
    return Run(seconds, usage.ru_maxrss / 1024)


def app_env(manifest: Manifest) -> dict:
    return {**os.environ, "FOIA_DATABASE_URL": manifest.database_url, "FOIA_SECRET_KEY": "bench",
            "FOIA_DOCUMENTS_PATH": manifest.documents_path}


def count_items(path: Path, export_format: str) -> int:
    """Return how many evidence items the exported file lists (a check the export is whole)."""
    if export_format == "csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return sum(1 for _ in csv.reader(handle)) - 1
    with zipfile.ZipFile(path) as bundle:
        manifest = next(n for n in bundle.namelist() if n.lower().endswith(".csv"))
        with bundle.open(manifest) as raw:
            lines = raw.read().decode("utf-8-sig").splitlines()
        return sum(1 for _ in csv.reader(lines)) - 1


def measure_exports(manifest: Manifest, formats: list[str], log=print) -> dict:
    """Export each letter in each format; print and return {(format, items): Run}."""
    env = app_env(manifest)
    app = create_app({"SQLALCHEMY_DATABASE_URI": manifest.database_url, "SECRET_KEY": "bench",
                      "DOCUMENTS_PATH": manifest.documents_path})
    cli = app.test_cli_runner()
    folder = Path(tempfile.mkdtemp(prefix="bench-exports-"))
    results = {}
    try:
        baseline = run_measured(FLASK + ["export-evidence", "--help"], env)
        log(f"exports baseline_app_start seconds={baseline.seconds:.2f} "
            f"peak_rss_mb={baseline.peak_rss_mb:.0f}")
        letters = sorted(((int(size), letter) for size, letter in manifest.letters.items()))
        for export_format in formats:
            smallest = None
            for items, letter in letters:
                output = folder / f"letter-{letter}.{export_format}"
                arguments = ["export-evidence", "--letter", str(letter), "--format",
                             export_format, "--output", str(output)]
                memory = run_measured(FLASK + arguments, env)
                # Timed in this process too, where the app's start-up is not part of the time.
                started = time.perf_counter()
                with app.app_context():
                    invoked = cli.invoke(args=arguments)
                run = Run(time.perf_counter() - started, memory.peak_rss_mb)
                if invoked.exit_code != 0:
                    raise RuntimeError(f"export failed: {invoked.output}") from invoked.exception
                listed = count_items(output, export_format)
                if listed != items:
                    raise RuntimeError(f"{export_format} export of letter {letter} lists "
                                       f"{listed} items, expected {items}")
                growth = max(run.peak_rss_mb - baseline.peak_rss_mb, 0.0)
                line = (f"exports {export_format} items={items} seconds={run.seconds:.2f} "
                        f"peak_rss_mb={run.peak_rss_mb:.0f} growth_mb={growth:.1f} "
                        f"file_mb={output.stat().st_size / 2**20:.1f}")
                if smallest is None:
                    smallest = (items, run, growth)
                else:
                    base_items, base_run, base_growth = smallest
                    # Streaming means the extra memory of 10x the items is next to nothing.
                    line += (f" time_ratio_to_{base_items}={run.seconds / base_run.seconds:.2f}"
                             f" peak_ratio_to_{base_items}="
                             f"{run.peak_rss_mb / base_run.peak_rss_mb:.2f}"
                             f" growth_delta_mb={growth - base_growth:.1f}")
                log(line)
                results[export_format, items] = run
                output.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a data set folder made by bench/generate.py")
    parser.add_argument("--scale", type=float, default=0.01,
                        help="without --data: generate a data set at this scale first")
    parser.add_argument("--formats", default="csv,zip",
                        help="comma-separated export formats (csv, zip, xlsx, json, md, docx, html)")
    args = parser.parse_args(argv)
    folder = None
    if args.data:
        manifest = Manifest.read(args.data)
    else:
        folder = Path(tempfile.mkdtemp(prefix="bench-exports-data-"))
        manifest = generate(scale=args.scale, seed=6, output=folder,
                            database_url=os.environ.get("BENCH_DATABASE_URL"),
                            log=lambda line: None)
    try:
        measure_exports(manifest, [f.strip() for f in args.formats.split(",") if f.strip()])
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
