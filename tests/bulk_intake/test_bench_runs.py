"""The add-documents benchmark runs end to end at a tiny size, so it cannot rot."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_benchmark_stores_every_file_and_reports_its_measures(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("FOIA_")}
    env.pop("BENCH_DATABASE_URL", None)
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_add_documents.py"), "--files", "3",
         "--megabytes", "2", "--baseline-runs", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 small PDFs: {'stored': 3}" in result.stdout
    for measure in ("add_documents_files_per_second", "add_documents_small_peak_rss_megabytes",
                    "add_documents_large_megabytes_per_second",
                    "add_documents_large_memory_growth_megabytes"):
        assert re.search(rf"{measure} [\d.]+", result.stdout), measure
    assert list(tmp_path.iterdir()) == []  # the generated files are removed
