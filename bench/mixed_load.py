"""The background of the page benchmark: staff writing while others read, and the scheduler.

A `Writer` is a second logged-in client that, while a page is measured, writes about once per
twenty reads of it, in turn: logs a note on a request's timeline, edits a request (reading its
edit form first, as a browser would) and uploads a small PDF, which queues its text for
extraction. The scheduler process (`flask run-scheduler`) runs beside the web workers, as in
production, with a short extraction interval so that the uploaded PDFs are read out during the
measure.
"""

import itertools
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

from fpdf import FPDF
from sqlalchemy import create_engine, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foia_tracker.communications.status import OPEN_STATUSES  # noqa: E402
from foia_tracker.records.models import RecordsRequest  # noqa: E402

#: Writes per read of the measured page.
WRITE_SHARE = 1 / 20
#: A write the app did not accept (anything but its redirect) is counted, and fails the bench.
WRITE_OK = 302


def writable_requests(database_url: str, organisation_id: int, *, keep: int,
                      count: int = 300) -> list[int]:
    """Return ids of the organisation's open requests to write to, never `keep`'s."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(
                select(RecordsRequest.id)
                .where(RecordsRequest.organisation_id == organisation_id,
                       RecordsRequest.status.in_(OPEN_STATUSES), RecordsRequest.id != keep)
                .order_by(RecordsRequest.id).limit(count)))
    finally:
        engine.dispose()


def small_pdf(text: str) -> bytes:
    """Return a one-page PDF with this text (each upload's own bytes: no duplicate)."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


#: An <option> without the selected attribute (as the app writes them: `<option value=...>`).
_UNSELECTED_OPTION = re.compile(r"<option (?!selected)[^>]*>[^<]*</option>")


class FormFields(HTMLParser):
    """The values a browser would submit from each POST form of a page (`forms`, in order)."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def feed(self, data: str) -> None:
        # Options not selected submit nothing; dropping them first keeps this client's parse of a
        # form with thousands of agencies from taking the server's CPU on the same machine.
        super().feed(_UNSELECTED_OPTION.sub("", data))

    def form_with(self, name: str) -> list[tuple[str, str]]:
        """Return the fields of the first form that has a field of this name."""
        return next(form for form in self.forms if any(key == name for key, _ in form))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append(self._fields)
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self._fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._fields.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea":
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea and self._fields is not None:
            # Browsers drop the one line break that follows <textarea>.
            text = "".join(self._text)
            self._fields.append((self._textarea, text.removeprefix("\r\n") if
                                 text.startswith("\r\n") else text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._fields = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


class Writer:
    """A second editor session writing in the background at a share of the measured reads."""

    def __init__(self, browser, request_ids: list[int], *, seed: int = 6):
        self.browser = browser
        self.request_ids = request_ids
        self.random = random.Random(seed)
        self.kinds = itertools.cycle((self.log_note, self.edit_request, self.upload_pdf))
        self.counter = itertools.count(1)
        self.writes = self.failures = 0
        self.failure: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._token: str | None = None

    def token(self) -> str:
        if self._token is None:
            status, page = self.browser.request("GET", f"/requests/{self.request_ids[0]}")
            found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            if status != 200 or found is None:
                raise RuntimeError(f"no form token on the request page (HTTP {status})")
            self._token = found.group(1)
        return self._token

    def start(self, writes_per_second: float) -> None:
        """Write at this rate on a thread of its own until stop()."""
        self.token()
        self.writes = self.failures = 0
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, args=(writes_per_second,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _loop(self, writes_per_second: float) -> None:
        interval = 1 / writes_per_second if writes_per_second > 0 else None
        next_at = time.monotonic()
        while interval and not self._stop.is_set():
            status, what = next(self.kinds)(self.random.choice(self.request_ids))
            self.writes += 1
            if status != WRITE_OK:
                self.failures += 1
                self.failure = f"{what} answered HTTP {status}"
            next_at += interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def log_note(self, request_id: int) -> tuple[int, str]:
        """Log a note on the request's timeline."""
        body = urllib.parse.urlencode({
            "csrf_token": self.token(), "kind": "note", "direction": "sent",
            # Yesterday: around midnight UTC, today here is tomorrow in the user's time zone,
            # and the app refuses a note dated in the future.
            "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
            "summary": f"Bench note {next(self.counter)}", "body": "Called the records officer."})
        status, _ = self.browser.request("POST", f"/requests/{request_id}/communications/", body)
        return status, "log a note"

    def edit_request(self, request_id: int) -> tuple[int, str]:
        """Read the request's edit form and save it with a new title."""
        status, page = self.browser.request("GET", f"/requests/{request_id}/edit")
        if status != 200:
            return status, "open the edit form"
        form = FormFields()
        form.feed(page)
        fields = [(name, re.sub(r"( \(rev \d+\))?$", f" (rev {next(self.counter)})", value, 1)
                   if name == "title" else value) for name, value in form.form_with("title")]
        status, _ = self.browser.request("POST", f"/requests/{request_id}/edit",
                                         urllib.parse.urlencode(fields))
        return status, "edit a request"

    def upload_pdf(self, request_id: int) -> tuple[int, str]:
        """Upload a small PDF of its own to the request."""
        pdf = small_pdf(f"Bench production {uuid.uuid4()}\nResponsive records, page one.")
        boundary = uuid.uuid4().hex
        parts = [(f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
                  f"{self.token()}\r\n").encode(),
                 (f'--{boundary}\r\nContent-Disposition: form-data; name="communication_id"'
                  "\r\n\r\n\r\n").encode(),
                 (f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                  'filename="production.pdf"\r\nContent-Type: application/pdf\r\n\r\n').encode()
                 + pdf + b"\r\n",
                 f"--{boundary}--\r\n".encode()]
        status, _ = self.browser.request(
            "POST", f"/requests/{request_id}/documents", b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}")
        return status, "upload a PDF"


class Scheduler:
    """The app's scheduler process (alerts, text extraction, staging sweep), as in production."""

    def __init__(self, env: dict, *, extraction_seconds: int = 2):
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "foia_tracker", "run-scheduler"],
            env={**env, "FOIA_EXTRACTION_INTERVAL_SECONDS": str(extraction_seconds)}, cwd=ROOT,
            stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self) -> "Scheduler":
        return self

    def __exit__(self, *exc) -> None:
        stop_process(self.process)
        self.log.close()

    def wait_until_idle(self, *, quiet_seconds: float = 2, timeout: float = 120) -> float:
        """Wait until the jobs run at start (the first alert sweep) are done; return the wait.

        Its first sweep drafts follow-ups across the data set, seconds of CPU that would land
        on whichever page is measured first. Idle: under 5 % of a core for quiet_seconds.
        """
        started = time.monotonic()
        last = self._cpu_seconds()
        while time.monotonic() - started < timeout:
            time.sleep(quiet_seconds)
            self.check()
            now = self._cpu_seconds()
            if now - last < 0.05 * quiet_seconds:
                break
            last = now
        return time.monotonic() - started

    def _cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    def check(self) -> None:
        """Raise if the scheduler died: the measure would be of a quieter machine."""
        if self.process.poll() is not None:
            self.log.seek(0)
            raise RuntimeError("the scheduler exited:\n"
                               + self.log.read().decode("utf-8", "replace")[-4000:])


def stop_process(process: subprocess.Popen) -> None:
    """Ask a server process to stop, and kill it if it has not within 30 s."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _stat_fields(pid: int | str) -> list[str]:
    # The fields after the command name (which may hold spaces): state, ppid, ...
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_cpu_seconds(pid: int) -> float:
    """Return the CPU time (user and system) a running process has used."""
    fields = _stat_fields(pid)
    # utime and stime, the 14th and 15th fields of the line (11th and 12th after the name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds(parent_pid: int) -> float:
    """Return the CPU time used by the running children of a process (gunicorn's workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = _stat_fields(entry.name)
        except OSError:  # ended while being read
            continue
        if int(fields[1]) == parent_pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def load_average() -> float:
    """Return the machine's one-minute load average (what `uptime` shows first)."""
    return os.getloadavg()[0]
