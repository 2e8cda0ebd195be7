"""Measure `flask add-documents`: a folder of small PDFs and one large file, from the disk.

Prints files a second and the command's peak memory (resident set, from the kernel's
accounting of the finished process) for each, beside the same command run on an empty folder
(Python, Flask and the app loaded: the baseline every run pays).

    .venv/bin/python bench/bench_add_documents.py [--files 1000] [--megabytes 1024]

The files are generated at bench time in a temporary folder and removed after. Memory must
stay flat for the large file (under 64 MB above the baseline, as for browser uploads); the
script exits 1 if not.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_upload import make_file, prepare_instance, sha256sum_rate  # noqa: E402

MAX_MEMORY_GROWTH_MB = 64
BASELINE_RUNS = 3
FILES_PER_FOLDER = 100


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    statuses: dict[str, int]


def make_small_pdfs(folder: Path, count: int) -> None:
    """Write `count` distinct one-page PDFs of text, 100 to a folder, as a production arrives."""
    from fpdf import FPDF

    for n in range(count):
        pdf = FPDF()
        pdf.set_font("Helvetica", size=11)
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Page {n}: invoice {n:05d} for licence renewal, body cameras.")
        target = folder / f"box-{n // FILES_PER_FOLDER:03d}" / f"doc-{n:05d}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bytes(pdf.output()))


def request_reference(env: dict) -> str:
    script = ("from foia_tracker import create_app\n"
              "from foia_tracker.extensions import db\n"
              "from foia_tracker.records.models import RecordsRequest\n"
              "with create_app().app_context():\n"
              f"    print(db.session.get(RecordsRequest, {env['BENCH_REQUEST_ID']}).reference)\n")
    return subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.split()[-1]


def add_documents(env: dict, reference: str, path: Path, output: Path) -> Run:
    """Run the command as an operator would and read its time, CPU and peak memory."""
    started = time.perf_counter()
    with open(output, "w") as lines:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "foia_tracker", "add-documents", reference,
             str(path), "--as", "bench@example.org"], env=env, cwd=ROOT, stdout=lines)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"add-documents exited {process.returncode}; see {output}")
    statuses: dict[str, int] = {}
    for line in output.read_text().splitlines():
        statuses[json.loads(line)["status"]] = statuses.get(json.loads(line)["status"], 0) + 1
    # ru_maxrss is in kilobytes on Linux.
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, statuses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--baseline-runs", type=int, default=BASELINE_RUNS,
                        help="runs on an empty folder, for the start-up's peak memory")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-add-documents-"))
    try:
        env = prepare_instance(folder)
        reference = request_reference(env)
        empty, small, large = folder / "empty", folder / "small", folder / "large"
        for path in (empty, small, large):
            path.mkdir()
        make_small_pdfs(small, args.files)
        big = large / "production.pdf"
        make_file(big, args.megabytes)
        size_mb = big.stat().st_size / 1024 ** 2
        reference_rate = sha256sum_rate(big) / 1024 ** 2

        # The start-up's own peak varies by a few tens of MB from run to run: take several.
        baselines = [add_documents(env, reference, empty, folder / "empty.jsonl")
                     for _ in range(args.baseline_runs)]
        many = add_documents(env, reference, small, folder / "small.jsonl")
        one = add_documents(env, reference, large, folder / "large.jsonl")
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    baseline = max(baselines, key=lambda run: run.peak_rss_mb)
    start_up = min(run.seconds for run in baselines)
    work = many.seconds - start_up
    without_start_up = f"{args.files / work:.1f}" if work > 0 else "n/a"
    print(f"database {os.environ.get('BENCH_DATABASE_URL', 'SQLite').split('@')[-1]}, "
          f"load {os.getloadavg()[0]:.1f}")
    peaks = sorted(run.peak_rss_mb for run in baselines)
    print(f"baseline (empty folder, {args.baseline_runs} runs): start-up {start_up:.2f} s, "
          f"peak RSS {peaks[0]:.1f}-{peaks[-1]:.1f} MB (growth below counts from the highest)")
    print(f"{args.files} small PDFs: {many.statuses}; {many.seconds:.1f} s")
    print(f"add_documents_files_per_second {args.files / many.seconds:.1f} "
          f"(without start-up {without_start_up}; CPU {many.cpu_seconds / args.files * 1000:.1f}"
          f" ms per file)")
    print(f"add_documents_small_peak_rss_megabytes {many.peak_rss_mb:.1f} "
          f"(growth {many.peak_rss_mb - baseline.peak_rss_mb:.1f})")
    growth = one.peak_rss_mb - baseline.peak_rss_mb
    print(f"one file of {size_mb:.0f} MB: {one.statuses}; {one.seconds:.1f} s, "
          f"add_documents_large_megabytes_per_second {size_mb / one.seconds:.0f} "
          f"(sha256sum on the same file {reference_rate:.0f}; CPU {one.cpu_seconds:.1f} s)")
    print(f"add_documents_large_peak_rss_megabytes {one.peak_rss_mb:.1f} "
          f"(add_documents_large_memory_growth_megabytes {growth:.1f})")
    if many.statuses != {"stored": args.files} or one.statuses != {"stored": 1}:
        print("not every file was stored")
        return 1
    if growth >= MAX_MEMORY_GROWTH_MB:
        print(f"memory grew by {growth:.1f} MB (target under {MAX_MEMORY_GROWTH_MB} MB)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
