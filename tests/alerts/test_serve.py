"""`flask serve`: the development server answers and runs the alert sweep inside it."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

from sqlalchemy import create_engine, text

from foia_tracker import create_app
from foia_tracker.extensions import db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_and_sweeps_once_started(tmp_path):
    url = f"sqlite:///{tmp_path / 'serve.sqlite'}"
    with create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"}).app_context():
        db.create_all()
    port = _free_port()
    env = {**os.environ, "FOIA_DATABASE_URL": url, "FOIA_SECRET_KEY": "x"}
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "foia_tracker", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status = _wait_for(f"http://127.0.0.1:{port}/setup")
        runs = _sweep_runs(url)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert status == 200 and runs == ["alerts"]


def _sweep_runs(url: str) -> list[str]:
    """Return the sweeps recorded, waiting a little for the first, which runs in the background."""
    engine = create_engine(url)
    deadline = time.monotonic() + 20
    try:
        while True:
            with engine.connect() as connection:
                runs = connection.execute(text("SELECT name FROM sweep_run")).scalars().all()
            if runs or time.monotonic() > deadline:
                return runs
            time.sleep(0.2)
    finally:
        engine.dispose()


def _wait_for(address: str) -> int:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(address, timeout=2) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
