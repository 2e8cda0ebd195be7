"""The pipe command as the mail server runs it; exit 75 when the message cannot be stored now."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage

from ..s3 import new_bucket, start_moto, stop
from .conftest import message, release_pdf

ROOT = Path(__file__).resolve().parents[2]


def _pipe(raw: bytes, code: str, environment: dict) -> tuple[int, dict]:
    """Run `flask --app foia_tracker receive-mail` as a mail server's pipe transport does."""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "foia_tracker", "receive-mail",
         "--organisation", code], input=raw, capture_output=True, cwd=ROOT, timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **environment})
    return done.returncode, json.loads(done.stdout.decode().strip().splitlines()[-1])


def _environment(app, tmp_path) -> dict:
    return {"FOIA_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "FOIA_SECRET_KEY": "test-secret",
            "FOIA_DOCUMENTS_PATH": app.config["DOCUMENTS_PATH"],
            "FOIA_DOCUMENTS_STAGING_PATH": app.config["DOCUMENTS_STAGING_PATH"]}


def test_the_pipe_command_files_a_release_and_exits_0(app, tmp_path, sent_request):
    mail = message(to=f"records+{sent_request.reference}@aclu.example.org",
                   attachments=[("release.pdf", release_pdf(), "application", "pdf")])
    code, printed = _pipe(bytes(mail), sent_request.organisation.code, _environment(app, tmp_path))
    assert code == 0, printed
    assert printed["status"] == "filed" and len(printed["documents"]) == 2


def test_an_unreachable_database_exits_75(app, tmp_path, sent_request):
    environment = {**_environment(app, tmp_path),
                   "FOIA_DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/db.sqlite"}
    code, printed = _pipe(bytes(message()), sent_request.organisation.code, environment)
    assert code == 75
    assert printed["status"] == "deferred" and printed["reason"]


@pytest.fixture
def store_server(s3_server, tmp_path):
    server, url = start_moto(tmp_path)
    yield server, url
    if server.poll() is None:
        stop(server)


@pytest.fixture
def documents_config(store_server, tmp_path) -> dict:
    _, url = store_server
    return {"DOCUMENTS_PATH": str(tmp_path / "instance" / "documents"),
            "DOCUMENTS_STAGING_PATH": str(tmp_path / "instance" / "staging"),
            "DOCUMENTS_URL": f"s3://{new_bucket(url)}/evidence", "S3_ENDPOINT_URL": url,
            "S3_REGION": "us-east-1"}


def test_a_document_store_that_is_down_exits_75_and_keeps_nothing_half_done(
        receive, sent_request, store_server):
    stop(store_server[0])
    mail = message(to=f"records+{sent_request.reference}@aclu.example.org")
    code, printed = receive(bytes(mail), sent_request.organisation.code)
    assert code == 75 and printed["status"] == "deferred"
    assert db.session.scalar(select(IntakeMessage.id)) is None
