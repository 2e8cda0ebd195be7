"""An S3-compatible server for the tests (moto in server mode), and buckets on it."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import boto3


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto(folder: Path) -> tuple[subprocess.Popen, str]:
    """Start `python -m moto.server` on a free port of 127.0.0.1; return it and its URL."""
    port = free_port()
    log = folder / f"moto-{port}.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.05)
    stop(server)
    raise AssertionError("moto did not start: " + log.read_text())


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


@contextlib.contextmanager
def moto_server(folder: Path):
    """Run an S3-compatible server for the block; yield its URL."""
    server, url = start_moto(folder)
    try:
        yield url
    finally:
        stop(server)


def client(endpoint: str):
    return boto3.session.Session().client("s3", endpoint_url=endpoint, region_name="us-east-1")


def new_bucket(endpoint: str) -> str:
    """Create a bucket of the test's own and return its name."""
    name = f"test-{uuid.uuid4().hex[:20]}"
    client(endpoint).create_bucket(Bucket=name)
    return name
