"""Filed at most once: two receivers of one message at once, and a retry after a crash."""

import subprocess
import sys

from sqlalchemy import func, select

from foia_tracker.communications.models import Communication
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage
from foia_tracker.storage import document_store

from .conftest import message, release_pdf
from .test_unavailable import ROOT, _environment


def test_two_receivers_of_one_message_at_once_file_it_once(app, tmp_path, sent_request):
    import json
    import os

    raw = bytes(message(to=f"records+{sent_request.reference}@aclu.example.org",
                        attachments=[("release.pdf", release_pdf(), "application", "pdf")]))
    command = [sys.executable, "-m", "flask", "--app", "foia_tracker", "receive-mail",
               "--organisation", sent_request.organisation.code]
    environment = {**os.environ, "PYTHONWARNINGS": "ignore", **_environment(app, tmp_path)}
    receivers = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  cwd=ROOT, env=environment) for _ in range(2)]
    outputs = [receiver.communicate(raw, timeout=180)[0] for receiver in receivers]
    results = [(r.returncode, json.loads(o.decode().strip().splitlines()[-1]))
               for r, o in zip(receivers, outputs)]

    # Each either stored it, saw it stored, or (SQLite busy) asked the mail server to retry.
    assert {code for code, _ in results} <= {0, 75}
    assert sorted(p["status"] for _, p in results) in (
        ["duplicate", "filed"], ["deferred", "filed"])
    db.session.expire_all()
    assert db.session.scalar(select(func.count(IntakeMessage.id))) == 1
    assert db.session.scalar(select(func.count(Communication.id)).where(
        Communication.request_id == sent_request.id)) == 2  # "request sent" and the reply


def test_a_retry_after_a_crash_between_storing_and_marking_files_once(receive, sent_request):
    raw = bytes(message(subject=f"Re: {sent_request.reference}"))
    # A receiver that died after keeping the bytes, before its commit, left only the bytes.
    store = document_store()
    staged = store.stage()
    staged.write(raw)
    store.keep(staged)

    assert receive(raw, sent_request.organisation.code)[1]["status"] == "filed"
    assert receive(raw, sent_request.organisation.code)[1]["status"] == "duplicate"
    assert db.session.scalar(select(func.count(IntakeMessage.id))) == 1
