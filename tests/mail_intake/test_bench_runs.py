"""The pipe benchmark runs end to end at a tiny size, so it cannot rot."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_pipe_benchmark_files_every_message_and_reports_its_measures(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("FOIA_")}
    env.pop("BENCH_DATABASE_URL", None)
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_mail_pipe.py"), "--messages", "3",
         "--processes", "1", "--big-mb", "1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "in_process messages=3 statuses={'filed': 3}" in result.stdout
    assert "per_process messages=1 statuses={'filed': 1}" in result.stdout
    assert re.search(r"big attachment_mb=1 .* status=filed documents=2 .* peak_rss_mb=\d+",
                     result.stdout), result.stdout
    assert list(tmp_path.iterdir()) == []
