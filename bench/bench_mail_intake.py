"""Measure mail intake: messages with attachments filed a second, read from a real IMAP mailbox.

Run: .venv/bin/python bench/bench_mail_intake.py [--messages 1000] [--batch-size 50] [--big-mb 200]
Uses BENCH_DATABASE_URL when set (e.g. PostgreSQL), else a temporary SQLite file; documents go
to a temporary folder. Dovecot (/usr/sbin/dovecot) is started on 127.0.0.1 as the tests start
it. Each message is a distinct agency release with a one-page PDF attached, sent to the
request's reply address, so every one is filed (raw message and PDF stored as documents).
Appending them to the mailbox is not timed; the poll is, from connecting to the last commit,
in runs of MAILBOX_MAX_BATCHES batches until nothing waits. Prints one line per measure.
`big`: one message with a --big-mb MB attachment (delivered into the maildir, as a delivery
agent does) read by a poll in a process of its own, forked like one that read a small message
just before: both processes' peak resident memory (wait4) and the difference, what the
attachment costs the poller.
`burst` (--burst N, e.g. 10000): N distinct small messages that match no request, delivered
into the maildir at once, then polled run after run (each run at most MAILBOX_MAX_BATCHES
batches) until nothing waits: the runs and batches it took, messages a second, whether every
message was kept (one intake row each, in triage) and that a further poll reads nothing.
"""

import argparse
import base64
import json
import os
import resource
import shutil
import ssl
import sys
import tempfile
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402
from fpdf import FPDF  # noqa: E402
from imap_tools import MailBox  # noqa: E402

from foia_tracker import create_app  # noqa: E402
from foia_tracker.agencies.models import Agency, AgencyKind, Level  # noqa: E402
from foia_tracker.extensions import db  # noqa: E402
from foia_tracker.mailboxes.models import Security  # noqa: E402
from foia_tracker.mailboxes.polling import mailbox_poll  # noqa: E402
from foia_tracker.mailboxes.services import mailbox_create  # noqa: E402
from foia_tracker.orgs.models import Organisation  # noqa: E402
from foia_tracker.records.services import request_create  # noqa: E402
from foia_tracker.users.models import Role, User  # noqa: E402
from tests.mailboxes.dovecot import DOVECOT, dovecot_server  # noqa: E402


def release(reference: str, number: int) -> bytes:
    """Return a distinct agency release with a one-page PDF attached."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, f"Invoice {number:05d}: licence renewal for body cameras.")
    message = EmailMessage()
    message["From"] = "Records Unit <records@sheriff.example.gov>"
    message["To"] = f"records+{reference}@affiliate.example"
    message["Subject"] = f"Records release {number} for request {reference}"
    message["Date"] = "Thu, 12 Mar 2026 10:15:00 -0700"
    message["Message-ID"] = make_msgid(domain="sheriff.example.gov")
    message.set_content(f"Part {number} of the responsive records is attached.")
    message.add_attachment(bytes(pdf.output()), maintype="application", subtype="pdf",
                           filename=f"release-{number:05d}.pdf")
    return bytes(message)


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
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--burst", type=int, default=0,
                        help="also deliver this many messages matching nothing at once and poll "
                             "them in bounded runs")
    parser.add_argument("--compare-direct", action="store_true",
                        help="also file the same number of messages by calling the filing "
                             "service directly (no IMAP), to show what reading costs")
    args = parser.parse_args()
    if DOVECOT is None:
        sys.exit("bench_mail_intake needs Dovecot (apt-get install dovecot-imapd)")
    work = Path(tempfile.mkdtemp(prefix="bench-mail-intake-"))
    try:
        with dovecot_server(work / "dovecot") as server:
            _run(args, work, server)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args, work: Path, server) -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{work}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                      "DOCUMENTS_PATH": str(work / "documents"),
                      "DOCUMENTS_STAGING_PATH": str(work / "staging"),
                      "MAILBOX_KEY": Fernet.generate_key().decode(),
                      "MAILBOX_CA_FILE": server.ca_file, "MAILBOX_BATCH_SIZE": args.batch_size})
    with app.app_context():
        db.drop_all()
        db.create_all()
        reference, mailbox_id = _set_up(server)
        _append(server, [release(reference, n) for n in range(args.messages)])
        started, runs, statuses = time.perf_counter(), 0, {}
        while True:
            result = mailbox_poll(mailbox_id=mailbox_id)
            runs += 1
            if result.error:
                sys.exit(f"poll failed: {result.error}")
            for status, count in result.statuses.items():
                statuses[status] = statuses.get(status, 0) + count
            if not result.more_waiting:
                break
        seconds = time.perf_counter() - started
        filed = sum(statuses.values())
        print(f"mail_intake imap messages={filed} statuses={statuses} runs={runs} "
              f"batch_size={args.batch_size}")
        print(f"mail_intake imap_seconds {seconds:.2f}")
        print(f"mail_intake imap_messages_per_second {filed / seconds:.1f}")
        if args.compare_direct:
            _direct(args.messages)
        if args.burst:
            _burst(server, mailbox_id, args.burst, work)
        if args.big_mb:
            _big(app, server, mailbox_id, reference, args.big_mb, work)
        db.drop_all()
        db.engine.dispose()


def _big(app, server, mailbox_id: int, reference: str, megabytes: int, work: Path) -> None:
    _deliver(server, release(reference, 900_000), work / "small.eml")
    small, small_mb = _poll_in_child(app, mailbox_id)
    path = work / "big.eml"
    write_big_message(path, reference, megabytes)
    big_file_mb = path.stat().st_size / 2**20
    _deliver(server, None, path)
    started = time.perf_counter()
    big, big_mb = _poll_in_child(app, mailbox_id)
    seconds = time.perf_counter() - started
    print(f"mail_intake imap big attachment_mb={megabytes} message_mb={big_file_mb:.0f} "
          f"statuses={big} seconds={seconds:.1f} peak_rss_mb={big_mb:.0f} "
          f"small_message_peak_rss_mb={small_mb:.0f} growth_over_small_mb={big_mb - small_mb:.0f} "
          f"(small statuses={small})")


def _burst(server, mailbox_id: int, count: int, work: Path) -> None:
    from sqlalchemy import func, select

    from foia_tracker.mail_intake.models import IntakeMessage

    before = db.session.scalar(select(func.count()).select_from(IntakeMessage))
    for number in range(count):
        message = EmailMessage()
        message["From"] = f"Newsletter <news{number % 97}@list.example.org>"
        message["To"] = "records@affiliate.example"
        message["Subject"] = f"Weekly digest {number}"
        message["Date"] = "Thu, 12 Mar 2026 10:15:00 -0700"
        message["Message-ID"] = make_msgid(domain="list.example.org")
        message.set_content(f"Issue {number} of a newsletter nobody asked for.")
        _deliver(server, bytes(message), work / f"burst-{number}.eml")
    started, runs, batches, statuses = time.perf_counter(), 0, [], {}
    while True:
        result = mailbox_poll(mailbox_id=mailbox_id)
        runs += 1
        if result.error:
            sys.exit(f"poll failed: {result.error}")
        batches.append(result.batches)
        for status, found in result.statuses.items():
            statuses[status] = statuses.get(status, 0) + found
        if not result.more_waiting:
            break
    seconds = time.perf_counter() - started
    kept = db.session.scalar(select(func.count()).select_from(IntakeMessage)) - before
    again = mailbox_poll(mailbox_id=mailbox_id).read
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"mail_intake burst messages={count} statuses={statuses} kept={kept} runs={runs} "
          f"most_batches_in_a_run={max(batches)} seconds={seconds:.1f} "
          f"messages_per_second={count / seconds:.1f} read_by_a_further_poll={again} "
          f"process_peak_rss_mb={peak_mb:.0f}")


def _deliver(server, raw: bytes | None, path: Path) -> None:
    """Put a message into the maildir's new/ folder, as a delivery agent does (no IMAP APPEND:
    that would need the whole message in this process)."""
    if raw is not None:
        path.write_bytes(raw)
    new = server.maildir / "new"
    target = new / f"{time.time_ns()}.bench.{path.name}"
    shutil.copyfile(path, target)
    owner = new.stat()
    os.chown(target, owner.st_uid, owner.st_gid)
    path.unlink()


def _poll_in_child(app, mailbox_id: int) -> tuple[dict, float]:
    """Poll in a forked process; return its statuses and its own peak RSS in MB."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own database connections, never the parent's
        os.close(read_end)
        try:
            db.engine.dispose(close=False)
            with app.app_context():
                result = mailbox_poll(mailbox_id=mailbox_id)
                os.write(write_end, json.dumps(
                    {"statuses": dict(result.statuses), "error": result.error}).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as answer:
        printed = json.loads(answer.read() or b"{}")
    _, _, usage = os.wait4(pid, 0)
    if printed.get("error") or not printed:
        sys.exit(f"poll failed: {printed}")
    return printed["statuses"], usage.ru_maxrss / 1024


def _direct(count: int) -> None:
    from foia_tracker.mail_intake.filing import receive_message

    organisation, reference = _organisation_with_request("BENCH2")
    raws = [release(reference, n) for n in range(count)]
    started = time.perf_counter()
    statuses = {}
    for raw in raws:
        status = receive_message(organisation, raw, via="bench").status
        statuses[status] = statuses.get(status, 0) + 1
    seconds = time.perf_counter() - started
    print(f"mail_intake direct messages={count} statuses={statuses}")
    print(f"mail_intake direct_messages_per_second {count / seconds:.1f}")


def _organisation_with_request(code: str):
    organisation = Organisation(name=f"Bench affiliate {code}", code=code)
    agency = Agency(name=f"Washington County Sheriff ({code})", jurisdiction="OR",
                    level=Level.county, kind=AgencyKind.sheriff,
                    email="records@sheriff.example.gov")
    user = User(organisation=organisation, email=f"bench@{code.lower()}.example", name="Bench",
                role=Role.admin)
    db.session.add_all([organisation, agency, user])
    db.session.commit()
    request = request_create(organisation_id=organisation.id, actor=user, values={
        "agency_id": agency.id, "title": "Body camera contracts", "body": "All contracts.",
        "tags": [], "sent_on": None, "channel": None, "received_on": None,
        "tracking_numbers": [], "assignee_id": user.id})
    return organisation, request.reference


def _set_up(server) -> tuple[str, int]:
    organisation, reference = _organisation_with_request("BENCH")
    mailbox = mailbox_create(organisation_id=organisation.id, values={
        "name": "Records inbox", "host": server.host, "port": server.port,
        "security": Security.tls, "username": server.user, "folder": "INBOX",
        "filed_folder": None, "trusted_authserv_id": None}, password=server.password)
    return reference, mailbox.id


def _append(server, raws: list[bytes]) -> None:
    context = ssl.create_default_context(cafile=server.ca_file)
    with MailBox(server.host, server.port, ssl_context=context).login(
            server.user, server.password) as box:
        for raw in raws:
            box.append(raw, "INBOX")


if __name__ == "__main__":
    main()
