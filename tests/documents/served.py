"""A real gunicorn serving the test's app, and a browser of cookies and CSRF tokens for it."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from ..conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


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


def start_gunicorn(env: dict) -> tuple[subprocess.Popen, int]:
    """Start the app under gunicorn (one sync worker) on a free port; return it and the port.

    With the settings module the README's deployments use, so that these tests serve as they do.
    """
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:foia_tracker.gunicorn_config",
         "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "foia_tracker:create_app()"], env={**os.environ, **env}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise AssertionError("gunicorn did not start: " + server.communicate()[1].decode())
