"""The reader's benchmark at a tiny size, so it cannot silently rot (speed is not asserted)."""

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
