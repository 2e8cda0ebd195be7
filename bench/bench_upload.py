"""Upload a large file through the real upload endpoint of a gunicorn-served app.

Prints the upload throughput, the worker's CPU seconds per GB uploaded, its peak memory
growth, and two references measured in the same run on the same file: `sha256sum` and hashlib
in a tight loop.

    .venv/bin/python bench/bench_upload.py [--megabytes 1024]

Memory must stay flat (issue 15: under 64 MB of growth for 1 GB); the script exits 1 if not.
Throughput and CPU have no target: they are reported.
"""

import argparse
import hashlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 1024 * 1024
MAX_MEMORY_GROWTH_MB = 64
PASSWORD = "bench password 1234"


def make_file(path: Path, megabytes: int) -> None:
    """Write a valid PDF of about this size: pages of uncompressed random-pixel scans.

    Agencies' large productions are scanned PDFs; random pixels defeat any compression.
    """
    side = 2048  # 2048 x 2048 RGB: 12 MB of pixels per page
    pages = max(1, round(megabytes / 12))
    offsets = []
    with open(path, "wb") as handle:
        def obj(number: int, body: bytes, stream: bytes | None = None) -> None:
            offsets.append((number, handle.tell()))
            handle.write(f"{number} 0 obj\n".encode() + body)
            if stream is not None:
                handle.write(b"\nstream\n" + stream + b"\nendstream")
            handle.write(b"\nendobj\n")

        handle.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        kids = " ".join(f"{3 + 3 * n} 0 R" for n in range(pages))
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(2, f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
        for n in range(pages):
            page, content, image = 3 + 3 * n, 4 + 3 * n, 5 + 3 * n
            obj(page, (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       f"{content} 0 R /Resources << /XObject << /Im0 {image} 0 R >> >> >>").encode())
            drawing = b"q 612 0 0 792 0 0 cm /Im0 Do Q"
            obj(content, f"<< /Length {len(drawing)} >>".encode(), drawing)
            pixels = os.urandom(side * side * 3)
            obj(image, (f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} "
                        f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Length {len(pixels)} >>")
                .encode(), pixels)
        xref = handle.tell()
        count = 3 + 3 * pages
        handle.write(f"xref\n0 {count}\n0000000000 65535 f \n".encode())
        for _, offset in sorted(offsets):
            handle.write(f"{offset:010d} 00000 n \n".encode())
        handle.write(f"trailer\n<< /Size {count} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
                     .encode())


def hashlib_rate(path: Path) -> float:
    started = time.perf_counter()
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return path.stat().st_size / (time.perf_counter() - started)


def sha256sum_rate(path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(["sha256sum", str(path)], check=True, capture_output=True)
    return path.stat().st_size / (time.perf_counter() - started)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_instance(folder: Path) -> dict:
    """Create a database with one editor and one request; return the server's environment."""
    env = {**os.environ,
           "FOIA_DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
           or f"sqlite:///{folder / 'bench.sqlite'}",
           "FOIA_SECRET_KEY": "bench", "FOIA_DOCUMENTS_PATH": str(folder / "documents"),
           "FOIA_UPLOAD_MAX_FILE_BYTES": str(4 * 1024 ** 3),
           "FOIA_UPLOAD_MAX_REQUEST_BYTES": str(4 * 1024 ** 3)}
    script = f"""
from foia_tracker import create_app
from foia_tracker.extensions import db
from foia_tracker.agencies.models import Agency, AgencyKind, Level
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.services import request_create
from foia_tracker.users.models import Role, User
app = create_app()
with app.app_context():
    db.drop_all(); db.create_all()
    org = Organisation(name="Bench", code="BN")
    user = User(organisation=org, email="bench@example.org", name="Bench", role=Role.editor)
    user.set_password({PASSWORD!r})
    agency = Agency(name="Bench Sheriff", jurisdiction="OR", level=Level.county, kind=AgencyKind.sheriff)
    db.session.add_all([org, user, agency]); db.session.commit()
    r = request_create(organisation_id=org.id, actor=user, values={{
        "agency_id": agency.id, "title": "Bench", "body": "x", "tags": [], "sent_on": None,
        "channel": None, "received_on": None, "tracking_numbers": [], "assignee_id": user.id}})
    print(r.id)
"""
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    env["BENCH_REQUEST_ID"] = out[-1]
    return env


class Session:
    """Just enough of a browser: cookies and CSRF tokens over http.client."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def _connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def _headers(self) -> dict:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _remember(self, response) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]

    def get(self, path: str) -> tuple[int, str]:
        connection = self._connection()
        connection.request("GET", path, headers=self._headers())
        response = connection.getresponse()
        body = response.read().decode()
        self._remember(response)
        return response.status, body

    def post_form(self, path: str, fields: dict) -> int:
        connection = self._connection()
        connection.request("POST", path, body=urllib.parse.urlencode(fields), headers={
            **self._headers(), "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        self._remember(response)
        return response.status

    def post_file(self, path: str, fields: dict, file_path: Path) -> tuple[int, float]:
        boundary = "bench" + os.urandom(8).hex()
        head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                       for k, v in fields.items())
        head += (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                 f'filename="{file_path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n')
        tail = f"\r\n--{boundary}--\r\n".encode()
        size = len(head.encode()) + file_path.stat().st_size + len(tail)

        def body():
            yield head.encode()
            with open(file_path, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    yield chunk
            yield tail

        connection = self._connection()
        started = time.perf_counter()
        connection.request("POST", path, body=body(), headers={
            **self._headers(), "Content-Length": str(size),
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'name="csrf_token" value="([^"]+)"', page)
    return found.group(1) or found.group(2)


def memory_kb(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0])
    return fields


def cpu_seconds(pid: int) -> float:
    """Return the user and kernel CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def reset_peak_memory(pid: int) -> bool:
    """Start the worker's peak resident size afresh; return False where Linux does not allow it.

    Without it the peak after the upload is the worker's peak since it started, which the
    password hashing at login (scrypt: 32 MB) sets, whatever the upload does.
    """
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=1024)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    try:
        big = folder / "production.pdf"
        make_file(big, args.megabytes)
        sha256sum = max(sha256sum_rate(big) for _ in range(2))
        hashlib_ref = max(hashlib_rate(big) for _ in range(2))
        env = prepare_instance(folder)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--timeout", "600",
             "--bind", f"127.0.0.1:{port}", "foia_tracker:create_app()"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            session = Session(port)
            for _ in range(100):
                try:
                    status, page = session.get("/login")
                    break
                except ConnectionRefusedError:
                    time.sleep(0.1)
            assert session.post_form("/login", {"email": "bench@example.org",
                                                "password": PASSWORD,
                                                "csrf_token": csrf_token(page)}) == 302
            request_path = f"/requests/{env['BENCH_REQUEST_ID']}"
            status, page = session.get(request_path)
            worker = worker_pid(server.pid)
            peak_reset = reset_peak_memory(worker)
            before = memory_kb(worker)
            cpu_before = cpu_seconds(worker)
            status, seconds = session.post_file(f"{request_path}/documents",
                                                {"csrf_token": csrf_token(page)}, big)
            cpu = cpu_seconds(worker) - cpu_before
            after = memory_kb(worker)
        finally:
            server.terminate()
            server.wait()
        if status not in (200, 302, 303):
            raise SystemExit(f"upload answered HTTP {status}")
        size = big.stat().st_size
        upload_rate = size / seconds
        # The peak during the upload against the resident size just before it; where the peak
        # could not be reset, an upper bound (the worker's earlier peak is counted too).
        growth_mb = (after["VmHWM"] - before["VmRSS"]) / 1024
        mb = 1024 * 1024
        print(f"file_megabytes {size / mb:.0f}")
        print(f"upload_megabytes_per_second {upload_rate / mb:.0f} "
              f"(ratio to sha256sum {upload_rate / sha256sum:.2f}, "
              f"to hashlib {upload_rate / hashlib_ref:.2f})")
        print(f"worker_cpu_seconds_per_gigabyte {cpu / (size / 1024 ** 3):.2f}")
        print(f"sha256sum_megabytes_per_second {sha256sum / mb:.0f}")
        print(f"hashlib_megabytes_per_second {hashlib_ref / mb:.0f}")
        print(f"worker_peak_memory_growth_megabytes {growth_mb:.1f} "
              f"({'' if peak_reset else 'upper bound; '}rss before {before['VmRSS'] / 1024:.0f} "
              f"MB, peak after {after['VmHWM'] / 1024:.0f} MB)")
        if growth_mb >= MAX_MEMORY_GROWTH_MB:
            raise SystemExit(f"memory is not flat: the worker grew {growth_mb:.0f} MB "
                             f"(limit {MAX_MEMORY_GROWTH_MB} MB)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
