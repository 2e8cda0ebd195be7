"""Uploads served by gunicorn, whose bodies are read straight from its socket."""

import contextlib
import hashlib
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser
from gunicorn.http.wsgi import create
from werkzeug.exceptions import ClientDisconnected

from foia_tracker.documents.socket_body import SocketBody, socket_body

from ..conftest import PASSWORD
from .conftest import documents, scan, staged_leftovers, stored_files

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


@contextlib.contextmanager
def received_request(raw: bytes):
    """Send raw bytes, then close, over a socket pair; yield gunicorn's parser and environ."""
    ours, theirs = socket.socketpair()

    def send():  # beside the reading: the pair holds far less than a body
        theirs.sendall(raw)
        theirs.shutdown(socket.SHUT_WR)

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    config = Config()
    parser = RequestParser(config, ours, ("127.0.0.1", 50000))
    request = next(parser)
    _, environ = create(request, ours, ("127.0.0.1", 50000), ("127.0.0.1", 8000), config)
    try:
        yield parser, environ
    finally:
        ours.close()
        sender.join(timeout=10)
        theirs.close()


def post(body: bytes, path: str = "/upload") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            + body)


def read_all(body: SocketBody, size: int = 64 * 1024) -> bytes:
    out = bytearray()
    while data := body.read(size):
        out += data
    return bytes(out)


@pytest.mark.parametrize("size", [10, 3 * MB + 7], ids=["read with the headers", "large"])
def test_a_body_is_read_whole_and_the_next_request_on_the_connection_is_intact(size):
    first = scan(size)
    with received_request(post(first) + post(b"second", "/next")) as (parser, environ):
        body = socket_body(environ, 64 * 1024)
        assert body is not None, "gunicorn's body is recognised"
        assert read_all(body) == first
        following = next(parser)
        assert following.path == "/next" and following.body.read(100) == b"second"


def test_what_was_read_through_wsgi_input_first_is_not_read_again():
    first = scan(MB)
    with received_request(post(first)) as (parser, environ):
        start = environ["wsgi.input"].read(100)  # gunicorn keeps what it read beyond that
        assert start + read_all(socket_body(environ, 64 * 1024)) == first


def test_a_body_left_half_read_is_drained_by_gunicorn_before_the_next_request():
    first = scan(2 * MB)
    with received_request(post(first) + post(b"second", "/next")) as (parser, environ):
        body = socket_body(environ, 64 * 1024)
        assert bytes(body.read(1000)) + bytes(body.read(5000)) == first[:6000]
        following = next(parser)  # a refused upload stops reading; gunicorn skips the rest
        assert following.path == "/next" and following.body.read(100) == b"second"


def test_a_client_gone_mid_body_is_a_disconnect_and_the_connection_is_not_reused():
    with received_request(post(scan(2 * MB))[:MB]) as (parser, environ):
        body = socket_body(environ, 64 * 1024)
        with pytest.raises(ClientDisconnected):
            read_all(body)
        assert environ["wsgi.input"].failed


def test_other_servers_bodies_are_left_to_werkzeug():
    with open(os.devnull, "rb") as stream:
        assert socket_body({"wsgi.input": stream}, 1024) is None


# The app served by a real gunicorn, on the test's own database and document store.

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Cookies and CSRF tokens over http.client, as a browser would send them."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body,
                               headers={"Cookie": self.cookie_header(), **(headers or {})})
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def token(self, path: str) -> str:
        _, page = self.request("GET", path)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def log_in(self, email: str) -> None:
        fields = {"email": email, "password": PASSWORD, "csrf_token": self.token("/login")}
        status, _ = self.request("POST", "/login", urllib.parse.urlencode(fields),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302


def multipart(token: str, files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = "gunicornTestBoundary7MA4YWxkTrZu0gW"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{token}\r\n').encode()
    for name, content in files:
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                 f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n').encode()
        body += content + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def served(app, database_url):
    """Run the app under gunicorn (one sync worker) on a free port; return its port."""
    port = free_port()
    env = {**os.environ, "FOIA_DATABASE_URL": database_url, "FOIA_SECRET_KEY": "test-secret",
           "FOIA_DOCUMENTS_PATH": app.config["DOCUMENTS_PATH"]}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "foia_tracker:create_app()"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError("gunicorn did not start: " + server.stderr.read1().decode())
        yield port
    finally:
        server.terminate()
        server.communicate(timeout=30)


@pytest.fixture
def editor(served, make_user, make_request) -> tuple[Browser, int]:
    """An editor logged in to the served app, and the id of one of their requests."""
    user = make_user()
    request = make_request(user)
    browser = Browser(served)
    browser.log_in(user.email)
    return browser, request.id


def test_files_uploaded_through_gunicorn_are_stored_byte_for_byte(editor, staging,
                                                                 documents_path):
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
    stored_bytes = sorted(path.read_bytes() for path in stored_files(documents_path))
    assert stored_bytes == sorted([big, small])
    assert staged_leftovers(staging) == []


def test_an_upload_cut_off_under_gunicorn_leaves_nothing_and_the_server_goes_on(
        served, editor, staging, documents_path):
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
    assert staged_leftovers(staging) == [] and stored_files(documents_path) == []
