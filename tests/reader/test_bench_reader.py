"""The reader's benchmark at a tiny size, so it cannot silently rot (speed is not asserted)."""

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_reader.py"


def test_the_reader_benchmark_runs_and_prints_its_measures(tmp_path):
    done = subprocess.run([sys.executable, str(BENCH), "--pages", "4", "--samples", "4",
                           "--scan-every", "2"], capture_output=True, text=True, timeout=600,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for measure in ("first_view ", "first_view_scan ", "cached_view ", "cached_image "):
        assert f"reader {measure}n=" in done.stdout, done.stdout


def test_the_reader_benchmark_reads_a_generated_data_set(tmp_path):
    # A tiny data set as bench/generate.py makes the coalition one (SQLite: the benchmark only
    # reads it); the bench must find its real PDFs and read pages never drawn before.
    env = {k: v for k, v in os.environ.items() if k != "BENCH_DATABASE_URL"}
    data = tmp_path / "data"
    subprocess.run([sys.executable, str(BENCH.with_name("generate.py")), "--scale", "0.002",
                    "--output", str(data)], capture_output=True, text=True, timeout=600,
                   env=env, check=True)
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, str(BENCH), "--data", str(data), "--samples", "3"],
                              capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout)
    for measure in ("first_view ", "cached_view ", "cached_image "):
        assert f"reader {measure}n=3 " in runs[0], runs[0]
    # The pages drawn by the first run are kept in the data set's store and not sampled again.
    assert "pages_drawn_before=0" in runs[0] and "pages_drawn_before=3" in runs[1], runs
    assert len(list((data / "documents" / "derived").glob("*/reader-*.png"))) >= 3
