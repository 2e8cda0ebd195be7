"""Uploads served by a real gunicorn: stored byte for byte, or not at all."""

import hashlib
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from ..stores import read_stored
from .conftest import documents, scan, staged_leftovers, stored_hashes
from .served import Browser, multipart, start_gunicorn

MB = 1024 * 1024


@pytest.fixture
def gunicorn(app, database_url):
    """Run the app under gunicorn on the test's database and store; return it and its port."""
    stores = {f"FOIA_{key}": app.config[key] for key in (
        "DOCUMENTS_PATH", "DOCUMENTS_STAGING_PATH", "DOCUMENTS_URL", "S3_ENDPOINT_URL",
        "S3_REGION") if app.config.get(key)}
    server, port = start_gunicorn({
        "FOIA_DATABASE_URL": database_url, "FOIA_SECRET_KEY": "test-secret", **stores})
    try:
        yield server, port
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.fixture
def served(gunicorn) -> int:
    return gunicorn[1]


@pytest.fixture
def editor(served, make_user, make_request) -> tuple[Browser, int]:
    """An editor logged in to the served app, and the id of one of their requests."""
    user = make_user()
    request = make_request(user)
    browser = Browser(served)
    browser.log_in(user.email)
    return browser, request.id


def test_files_uploaded_through_gunicorn_are_stored_byte_for_byte(editor, staging):
    browser, request_id = editor
    big, small = b"%PDF-1.7\n" + scan(5 * MB + 12345), b"%PDF-1.7\n" + scan(3000)
    body, content_type = multipart(browser.token(f"/requests/{request_id}"),
                                   [("production.pdf", big), ("letter.pdf", small)])
    status, _ = browser.request("POST", f"/requests/{request_id}/documents", body,
                                {"Content-Type": content_type})
    assert status == 302
    stored = {document.original_name: document for document in documents()}
    assert stored["production.pdf"].sha256 == hashlib.sha256(big).hexdigest()
    assert stored["letter.pdf"].sha256 == hashlib.sha256(small).hexdigest()
    stored_bytes = sorted(read_stored(sha256) for sha256 in stored_hashes())
    assert stored_bytes == sorted([big, small])
    assert staged_leftovers(staging) == []


def test_an_upload_cut_off_under_gunicorn_leaves_nothing_and_the_server_goes_on(
        served, editor, staging):
    browser, request_id = editor
    body, content_type = multipart(browser.token(f"/requests/{request_id}"),
                                   [("production.pdf", b"%PDF-1.7\n" + scan(6 * MB))])
    with socket.create_connection(("127.0.0.1", served)) as sock:
        sock.sendall((f"POST /requests/{request_id}/documents HTTP/1.1\r\nHost: x\r\n"
                      f"Cookie: {browser.cookie_header()}\r\nContent-Type: {content_type}\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:4 * MB])
    status, _ = browser.request("GET", f"/requests/{request_id}")
    assert status == 200
    assert documents() == []
    for _ in range(100):  # the worker notices the closed connection after the GET began
        if staged_leftovers(staging) == []:
            break
        time.sleep(0.05)
    assert staged_leftovers(staging) == [] and stored_hashes() == []


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("gunicorn started no worker")


def test_an_upload_killed_midway_leaves_a_staged_file_that_the_sweep_removes(
        gunicorn, editor, staging, runner):
    server, port = gunicorn
    browser, request_id = editor
    body, content_type = multipart(browser.token(f"/requests/{request_id}"),
                                   [("production.pdf", b"%PDF-1.7\n" + scan(6 * MB))])
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall((f"POST /requests/{request_id}/documents HTTP/1.1\r\nHost: x\r\n"
                      f"Cookie: {browser.cookie_header()}\r\nContent-Type: {content_type}\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:3 * MB])
        for _ in range(200):  # the worker is writing the file when it dies
            if staged_leftovers(staging):
                break
            time.sleep(0.05)
        os.kill(worker_pid(server.pid), signal.SIGKILL)
    (left,) = staged_leftovers(staging)
    assert documents() == [] and stored_hashes() == []

    kept = runner.invoke(args=["clean-staging"])
    assert kept.exit_code == 0 and "Removed 0 staged files" in kept.output
    assert staged_leftovers(staging) == [left], "a young staged file may be a live upload"
    swept = runner.invoke(args=["clean-staging", "--older-than-hours", "0"])
    assert swept.exit_code == 0 and "Removed 1 staged file older than 0 hours." in swept.output
    assert staged_leftovers(staging) == []
