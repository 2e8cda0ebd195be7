"""Measure the receive-mail pipe: messages with attachments filed a second, and its memory.

Run: .venv/bin/python bench/bench_mail_pipe.py [--messages 1000] [--processes 20] [--big-mb 200]
Uses BENCH_DATABASE_URL when set (e.g. PostgreSQL), else a temporary SQLite file; documents go
to a temporary folder. Three measures, one line each:
- `in_process`: the pipe command's own code (`receive-mail` through Click, stdin to JSON) for
  --messages distinct releases, each with a one-page PDF, all filed: the filing path's rate.
- `per_process`: --processes messages each through its own `flask --app foia_tracker
  receive-mail` process, as a mail server's pipe transport runs it: what a message costs with
  the interpreter and app start-up included.
- `big`: one message with a --big-mb MB attachment through its own process: seconds, the
  process's peak resident memory (its own ru_maxrss, from wait4) and its growth over the peak
  of a process that filed a small message (the `per_process` ones): what the attachment costs.
The set-up (organisation, agency, request, messages) is not timed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foia_tracker import create_app  # noqa: E402
from foia_tracker.agencies.models import Agency, AgencyKind, Level  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402
from foia_tracker.records.services import request_create  # noqa: E402
from foia_tracker.users.models import Role, User  # noqa: E402

# The same messages as the IMAP bench, so the two figures compare.
from bench_mail_intake import release, write_big_message  # noqa: E402

CODE = "PIPE"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=20)
    parser.add_argument("--big-mb", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-mail-pipe-"))
    try:
        _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, work: Path) -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{work}/bench.sqlite"
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
              "DOCUMENTS_PATH": str(work / "documents"),
              "DOCUMENTS_STAGING_PATH": str(work / "staging")}
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        reference = _organisation_with_request()
        _in_process(app, reference, args.messages)
        environment = {**os.environ, "FOIA_DATABASE_URL": url, "FOIA_SECRET_KEY": "bench",
                       "FOIA_DOCUMENTS_PATH": config["DOCUMENTS_PATH"],
                       "FOIA_DOCUMENTS_STAGING_PATH": config["DOCUMENTS_STAGING_PATH"],
                       "PYTHONWARNINGS": "ignore"}
        baseline_mb = _per_process(environment, reference, max(args.processes, 1))
        if args.big_mb:
            _big(environment, reference, args.big_mb, work, baseline_mb)
        db.drop_all()
        db.engine.dispose()


def _in_process(app, reference: str, count: int) -> None:
    raws = [release(reference, 100_000 + n) for n in range(count)]
    runner = app.test_cli_runner()
    statuses = {}
    started = time.perf_counter()
    for raw in raws:
        result = runner.invoke(args=["receive-mail", "--organisation", CODE], input=raw)
        status = json.loads(result.output)["status"]
        statuses[status] = statuses.get(status, 0) + 1
    seconds = time.perf_counter() - started
    print(f"mail_pipe in_process messages={count} statuses={statuses} seconds={seconds:.2f} "
          f"messages_per_second={count / seconds:.1f}")


def _per_process(environment: dict, reference: str, count: int) -> float:
    """File `count` messages each through its own process; return their highest peak RSS (MB)."""
    raws = [release(reference, 200_000 + n) for n in range(count)]
    started = time.perf_counter()
    statuses, peaks = {}, []
    for raw in raws:
        printed, peak_mb = _pipe(raw, environment)
        statuses[printed["status"]] = statuses.get(printed["status"], 0) + 1
        peaks.append(peak_mb)
    seconds = time.perf_counter() - started
    print(f"mail_pipe per_process messages={count} statuses={statuses} "
          f"seconds_per_message={seconds / count:.2f} messages_per_second={count / seconds:.2f} "
          f"peak_rss_mb={max(peaks):.0f}")
    return max(peaks)


def _big(environment: dict, reference: str, megabytes: int, work: Path, baseline_mb: float):
    path = work / "big.eml"
    write_big_message(path, reference, megabytes)
    started = time.perf_counter()
    with open(path, "rb") as source:
        printed, peak_mb = _child(source, environment)
    seconds = time.perf_counter() - started
    print(f"mail_pipe big attachment_mb={megabytes} message_mb={path.stat().st_size / 2**20:.0f} "
          f"status={printed['status']} documents={len(printed['documents'])} "
          f"seconds={seconds:.1f} peak_rss_mb={peak_mb:.0f} "
          f"growth_over_small_mb={peak_mb - baseline_mb:.0f}")
    print(f"mail_pipe big reason: {printed['reason']}")


def _pipe(raw: bytes, environment: dict) -> tuple[dict, float]:
    with tempfile.TemporaryFile() as source:
        source.write(raw)
        source.seek(0)
        return _child(source, environment)


def _child(source, environment: dict) -> tuple[dict, float]:
    """Run receive-mail on the open file; return its printed JSON and its own peak RSS (MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(_command(), stdin=source, stdout=out, stderr=err,
                                   env=environment, cwd=ROOT)
        # wait4, not RUSAGE_CHILDREN: that is the largest of all children so far.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        lines = out.read().decode().strip().splitlines()
        if not lines:
            sys.exit(f"receive-mail printed nothing: {err.read().decode()[-2000:]}")
        return json.loads(lines[-1]), usage.ru_maxrss / 1024


def _command() -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "foia_tracker", "receive-mail",
            "--organisation", CODE]


def _organisation_with_request() -> str:
    organisation = Organisation(name="Bench pipe affiliate", code=CODE)
    agency = Agency(name="Washington County Sheriff", jurisdiction="OR", level=Level.county,
                    kind=AgencyKind.sheriff, email="records@sheriff.example.gov")
    user = User(organisation=organisation, email="bench@pipe.example", name="Bench",
                role=Role.admin)
    db.session.add_all([organisation, agency, user])
    db.session.commit()
    request = request_create(organisation_id=organisation.id, actor=user, values={
        "agency_id": agency.id, "title": "Body camera contracts", "body": "All contracts.",
        "tags": [], "sent_on": None, "channel": None, "received_on": None,
        "tracking_numbers": [], "assignee_id": user.id})
    return request.reference


if __name__ == "__main__":
    main()
