"""Measure the receive-mail pipe: messages with attachments filed a second, and its memory.

Run: .venv/bin/python bench/bench_mail_pipe.py [--messages 1000] [--processes 20] [--big-mb 200]
Uses BENCH_DATABASE_URL when set (e.g. PostgreSQL), else a temporary SQLite file; documents go
to a temporary folder. Three measures, one line each:
- `in_process`: the pipe command's own code (`receive-mail` through Click, stdin to JSON) for
  --messages distinct releases, each with a one-page PDF, all filed: the filing path's rate.
- `per_process`: --processes messages each through its own `flask --app foia_tracker
  receive-mail` process, as a mail server's pipe transport runs it: what a message costs with
  the interpreter and app start-up included.
- `big`: one message with a --big-mb MB attachment through its own process: seconds and the
  process's peak resident memory (ru_maxrss).
The set-up (organisation, agency, request, messages) is not timed.
"""

import argparse
import base64
import json
import os
import resource
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
from bench_mail_intake import release  # noqa: E402

CODE = "PIPE"


def write_big_message(path: Path, reference: str, megabytes: int) -> None:
    """Write a message with a `megabytes` MB attachment, base64 streamed to the file."""
    with open(path, "wb") as out:
        out.write(f"From: Records Unit <records@sheriff.example.gov>\n"
                  f"To: records+{reference}@affiliate.example\nSubject: Video release\n"
                  f"Date: Thu, 12 Mar 2026 10:15:00 -0700\n"
                  f"Message-ID: <big-{megabytes}@sheriff.example.gov>\nMIME-Version: 1.0\n"
                  f'Content-Type: multipart/mixed; boundary="BIG"\n\n--BIG\n'
                  f"Content-Type: text/plain\n\nThe video is attached.\n\n--BIG\n"
                  f"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
                  f'Content-Disposition: attachment; filename="bodycam.bin"\n\n'.encode())
        for _ in range(megabytes):
            chunk = base64.encodebytes(os.urandom(1024 * 1024 - 1024 * 1024 % 57))
            out.write(chunk)
        out.write(b"\n--BIG--\n")


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
        _per_process(environment, reference, args.processes)
        if args.big_mb:
            _big(environment, reference, args.big_mb, work)
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


def _per_process(environment: dict, reference: str, count: int) -> None:
    raws = [release(reference, 200_000 + n) for n in range(count)]
    started = time.perf_counter()
    statuses = {}
    for raw in raws:
        status = _pipe(raw, environment)["status"]
        statuses[status] = statuses.get(status, 0) + 1
    seconds = time.perf_counter() - started
    print(f"mail_pipe per_process messages={count} statuses={statuses} "
          f"seconds_per_message={seconds / count:.2f} messages_per_second={count / seconds:.2f}")


def _big(environment: dict, reference: str, megabytes: int, work: Path) -> None:
    path = work / "big.eml"
    write_big_message(path, reference, megabytes)
    started = time.perf_counter()
    with open(path, "rb") as source:
        done = subprocess.run(_command(), stdin=source, capture_output=True, env=environment,
                              cwd=ROOT)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    printed = json.loads(done.stdout.decode().strip().splitlines()[-1])
    print(f"mail_pipe big attachment_mb={megabytes} message_mb={path.stat().st_size / 2**20:.0f} "
          f"status={printed['status']} documents={len(printed['documents'])} "
          f"seconds={seconds:.1f} peak_rss_mb={peak_mb:.0f}")


def _pipe(raw: bytes, environment: dict) -> dict:
    done = subprocess.run(_command(), input=raw, capture_output=True, env=environment, cwd=ROOT)
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


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
