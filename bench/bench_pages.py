"""Pages under a mixed load: the app under gunicorn, no cache, staff writing, the scheduler on.

    .venv/bin/python bench/bench_pages.py [--data DIR | --scale 0.01] [--seconds 15] [--connections 16]

Serves the generated data set (bench/generate.py; --data names its folder, else one is generated
at --scale into a temporary folder) with gunicorn, 2 sync workers, on 127.0.0.1, next to the
app's scheduler process (alerts, text extraction every 2 s), logs in through the real login
form and drives each page with wrk while a second editor session writes about once per twenty
reads of that page: logs a note, edits a request, uploads a small PDF whose text the scheduler
then extracts (bench/mixed_load.py). Nothing is cached: every view queries and renders. Prints:

    pages <name> rps=… p50_ms=… p95_ms=… ratio_to_bare=… reads=… writes=… load1=…

The reference ("bare") is /healthz, a route of the same app returning a short string, measured
last in the same run under the same background, the writer at the pages' mean write rate.
load1 is the machine's one-minute load average (uptime) right after the measure: other work on
the machine shows there. Measures start once the scheduler's start-up jobs (the first alert
sweep) are done; each page is read for a short warm-up first, which sets its write rate.

Targets (issue 15), both databases at --scale 1.0: dashboard, request lists and the request
page p95 < 150 ms and >= 0.15 of the bare rps; purchases p95 < 200 ms. Issue 19, when the data
set has campaigns (generate.py --add-campaigns adds them to an older one): the campaign page
as the request lists; campaign search (the manifest's campaign_query, which finds pages of the
shared documents) p95 < 100 ms.

wrk is the Debian package `wrk` (apt-get install wrk). Without it, a small Python driver
(threads over http.client) stands in and says so; its figures are not comparable, it is there so
the smoke test still serves every page.
"""

import argparse
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from generate import Manifest, generate  # noqa: E402
from mixed_load import (WRITE_SHARE, Scheduler, Writer, children_cpu_seconds,  # noqa: E402
                        load_average, stop_process, writable_requests)

#: Sync workers, as in production on a small machine (about 2 per core is the README's advice).
WORKERS = 2

#: wrk's Lua hooks: count answers other than 200 (a lost session redirects to the login page,
#: which wrk alone would count as a success) and print the 50th and 95th percentiles.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("not_ok") end
  local errors = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d not_ok=%d socket_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), bad,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass(frozen=True)
class Measure:
    name: str
    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    not_ok: int
    writes: int = 0
    load1: float = 0.0
    #: CPU of the gunicorn workers a read, the writes among them included: unlike rps, it
    #: hardly moves with what else runs on the machine.
    worker_cpu_ms: float = 0.0

    def line(self, bare_rps: float) -> str:
        return (f"pages {self.name} rps={self.rps:.0f} p50_ms={self.p50_ms:.1f} "
                f"p95_ms={self.p95_ms:.1f} ratio_to_bare={self.rps / bare_rps:.2f} "
                f"reads={self.requests} writes={self.writes} "
                f"worker_cpu_ms_per_read={self.worker_cpu_ms:.1f} load1={self.load1:.2f}")


def pages_of(manifest: Manifest) -> list[tuple[str, str]]:
    """Return (name, path) of the measured pages, the bare reference last."""
    technology = urllib.parse.quote_plus(manifest.filter_technology)
    pages = [
        ("dashboard", "/dashboard"),
        ("requests", "/requests/"),
        ("requests_open_technology", f"/requests/?status=open&technology={technology}"),
        ("requests_agency", f"/requests/?agency={manifest.filter_agency_id}&sort=sent"),
        ("request_detail_30", f"/requests/{manifest.detail_request_id}"),
        ("purchases", "/evidence/purchases"),
    ]
    if manifest.campaign_id:
        # Data sets generated before campaigns (issue 19) have none: their pages are left out.
        campaign = f"/campaigns/{manifest.campaign_id}"
        query = urllib.parse.quote_plus(manifest.campaign_query)
        pages += [("campaign", campaign), ("campaign_search", f"{campaign}/search?q={query}")]
    return [*pages, ("bare", "/healthz")]


#: Text each page shows only when it found something: a search answering 200 with no hit
#: would measure the cheap empty answer.
FOUND = {"campaign_search": re.compile(r'id="search-total">\s*[\d,]+ page')}


class Browser:
    """Cookies and CSRF tokens over http.client: enough to log in through the real form."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | bytes | None = None, *,
                content_type: str = "application/x-www-form-urlencoded") -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": self.cookie_header()}
        if body is not None:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def log_in(self, email: str, password: str) -> None:
        status, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"no login form (HTTP {status})")
        status, _ = self.request("POST", "/login", urllib.parse.urlencode(
            {"email": email, "password": password, "csrf_token": token.group(1)}))
        if status != 302:
            raise RuntimeError(f"login refused (HTTP {status})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_env(manifest: Manifest) -> dict:
    """Return the environment that points the app at the data set."""
    return {**os.environ, "FOIA_DATABASE_URL": manifest.database_url,
            "FOIA_SECRET_KEY": "bench", "FOIA_DOCUMENTS_PATH": manifest.documents_path}


#: The settings module the README's deployments start gunicorn with.
GUNICORN_CONFIG = "python:foia_tracker.gunicorn_config"


class Server:
    """gunicorn serving the app on the data set, sync workers, configured as the README says."""

    def __init__(self, manifest: Manifest, workers: int = WORKERS, *,
                 config: str | None = GUNICORN_CONFIG):
        self.port = free_port()
        self.workers = workers
        env = app_env(manifest)
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *(["--config", config] if config else []),
             "--workers", str(self.workers),
             "--worker-class", "sync", "--timeout", "120", "--bind", f"127.0.0.1:{self.port}",
             "foia_tracker:create_app()"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.output())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start:\n" + self.output())

    def __exit__(self, *exc) -> None:
        stop_process(self.process)
        self.log.close()

    def worker_cpu_seconds(self) -> float:
        """Return the CPU time used so far by the workers (children of the gunicorn master)."""
        return children_cpu_seconds(self.process.pid)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-4000:]


def run_wrk(port: int, path: str, cookie: str, seconds: int, connections: int,
            threads: int) -> Measure:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        result = subprocess.run(
            ["wrk", "--latency", "-t", str(min(threads, connections)), "-c", str(connections),
             "-d", f"{seconds}s", "--timeout", "30s", "-s", script.name, "-H", f"Cookie: {cookie}",
             f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    found = re.search(r"BENCH requests=(\d+) duration_us=(\d+) p50_us=(\d+) p95_us=(\d+) "
                      r"not_ok=(\d+) socket_errors=(\d+)", result.stdout)
    if found is None:
        raise RuntimeError("unexpected wrk output:\n" + result.stdout + result.stderr)
    requests, duration, p50, p95, not_ok, _ = map(int, found.groups())
    return Measure("", requests / (duration / 1e6), p50 / 1000, p95 / 1000, requests, not_ok)


def run_python_driver(port: int, path: str, cookie: str, seconds: float,
                      connections: int) -> Measure:
    """Stand-in for wrk: `connections` threads requesting the page in a loop for `seconds`."""
    latencies: list[float] = []
    not_ok = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def loop() -> None:
        nonlocal not_ok
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                not_ok += response.status != 200
        connection.close()

    started = time.perf_counter()
    workers = [threading.Thread(target=loop) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    duration = time.perf_counter() - started
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0
    return Measure("", len(ordered) / duration, statistics.median(ordered or [0]) * 1000,
                   p95 * 1000, len(ordered), not_ok)


def measure_pages(manifest: Manifest, *, seconds: int, connections: int,
                  driver: str = "auto", only: set[str] | None = None,
                  gunicorn_config: str | None = GUNICORN_CONFIG, log=print) -> list[Measure]:
    """Serve the data set, log in, drive every page under the mixed load; return the measures.

    only: the names of the pages to measure (the bare reference is always measured).
    gunicorn_config: None serves with gunicorn's defaults, for a before/after of the settings.
    """
    use_wrk = driver == "wrk" or (driver == "auto" and shutil.which("wrk"))
    if not use_wrk:
        why = "asked for" if driver == "python" else "wrk is not installed (apt-get install wrk)"
        log(f"pages note: {why}: using the Python driver, whose figures are not comparable "
            "with wrk's")
    request_ids = writable_requests(manifest.database_url, manifest.large_organisation_id,
                                    keep=manifest.detail_request_id)
    with Server(manifest, config=gunicorn_config) as server, \
            Scheduler(app_env(manifest)) as scheduler:
        reader, editor = Browser(server.port), Browser(server.port)
        reader.log_in(manifest.login_email, manifest.password)
        editor.log_in(manifest.login_email, manifest.password)
        writer = Writer(editor, request_ids)
        log(f"pages note: the scheduler's start-up jobs took {scheduler.wait_until_idle():.0f} s")
        drive = (lambda path, secs: run_wrk(server.port, path, reader.cookie_header(), secs,
                                            connections, threads=server.workers)) if use_wrk \
            else (lambda path, secs: run_python_driver(server.port, path, reader.cookie_header(),
                                                       secs, connections))
        measures, write_rates = [], []
        for name, path in pages_of(manifest):
            if only and name not in only and name != "bare":
                continue
            # Each page must answer 200 to this session before it is timed (not a login page).
            status, page = reader.request("GET", path)
            if status != 200:
                raise RuntimeError(f"{name}: GET {path} answered HTTP {status}")
            if name in FOUND and not FOUND[name].search(page):
                raise RuntimeError(f"{name}: GET {path} found nothing")
            if name == "bare":
                rate = sum(write_rates) / len(write_rates)
            else:
                # The write rate from a short read alone, then from a warm-up with those writes,
                # which slow the reads: the measure's writes come close to one per twenty reads.
                rate = drive(path, 1).rps * WRITE_SHARE
                writer.start(rate)
                try:
                    rate = drive(path, max(1, seconds // 5)).rps * WRITE_SHARE
                finally:
                    writer.stop()
                write_rates.append(rate)
            writer.start(rate)
            cpu_before = server.worker_cpu_seconds()
            try:
                measure = drive(path, seconds)
            finally:
                writer.stop()
            worker_cpu_ms = (server.worker_cpu_seconds() - cpu_before) * 1000 / max(1, measure.requests)
            scheduler.check()
            if measure.not_ok or writer.failures:
                raise RuntimeError(
                    f"{name}: {measure.not_ok} of {measure.requests} reads were not HTTP 200, "
                    f"{writer.failures} of {writer.writes} writes failed ({writer.failure})\n"
                    + server.output())
            measure = Measure(name, measure.rps, measure.p50_ms, measure.p95_ms,
                              measure.requests, measure.not_ok, writer.writes, load_average(),
                              worker_cpu_ms)
            measures.append(measure)
            print(f"measured {name}: {measure.rps:.0f} rps", file=sys.stderr, flush=True)
    bare_rps = measures[-1].rps
    for measure in (measures[-1], *measures[:-1]):
        log(measure.line(bare_rps))
    return measures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a data set folder made by bench/generate.py")
    parser.add_argument("--scale", type=float, default=0.01,
                        help="without --data: generate a data set at this scale first")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--driver", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--pages", help="comma-separated page names to measure (default: all)")
    parser.add_argument("--gunicorn-defaults", action="store_true",
                        help=f"start gunicorn without {GUNICORN_CONFIG} (a before/after of it)")
    args = parser.parse_args(argv)
    folder = None
    if args.data:
        manifest = Manifest.read(args.data)
    else:
        folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
        manifest = generate(scale=args.scale, seed=6, output=folder,
                            database_url=os.environ.get("BENCH_DATABASE_URL"),
                            log=lambda line: None)
    try:
        measure_pages(manifest, seconds=args.seconds, connections=args.connections,
                      driver=args.driver,
                      only=set(args.pages.split(",")) if args.pages else None,
                      gunicorn_config=None if args.gunicorn_defaults else GUNICORN_CONFIG)
    finally:
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
