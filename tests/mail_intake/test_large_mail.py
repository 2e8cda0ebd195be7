"""A message with a large attachment is stored whole and hashed, never lost: its attachment
becomes a document while the message is under the bound that is read, and over it the message is
filed by its headers, kept whole, and says in words that its attachments were not unpacked."""

import hashlib
import os

import pytest
from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage, MailState
from foia_tracker.mail_intake.triage import inbox_file
from foia_tracker.storage import document_store

from .conftest import message

#: Large enough to need streaming (base64: 32 MB of message), small enough for a quick test.
VIDEO_BYTES = 24 * 1024 * 1024
#: A bound below the message's size, set by config as an operator would.
LOW_BOUND = 8 * 1024 * 1024
NOT_UNPACKED = "attachments were not unpacked"


@pytest.fixture(scope="module")
def video() -> bytes:
    return os.urandom(VIDEO_BYTES)


def _video_mail(to: str, video: bytes, **headers) -> bytes:
    return bytes(message(to=to, subject="Body camera video", **headers,
                         body="The video you asked for is attached.",
                         attachments=[("bodycam.mp4", video, "video", "mp4")]))


def _stored_sha256(sha256: str) -> str:
    """Return the SHA-256 of the bytes the store holds under this name, read back in chunks."""
    digest = hashlib.sha256()
    with document_store().open(sha256) as stored:
        while chunk := stored.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _documents() -> list[Document]:
    return db.session.scalars(select(Document).order_by(Document.sequence)).all()


def test_a_large_attachment_becomes_a_document_with_its_own_hash(receive, sent_request, video):
    raw = _video_mail(f"records+{sent_request.reference}@aclu.example.org", video)
    assert len(raw) > 30 * 1024 * 1024

    code, printed = receive(raw, sent_request.organisation.code)

    assert code == 0 and printed["status"] == "filed"
    assert NOT_UNPACKED not in printed["reason"]
    original, attachment = _documents()
    assert original.sha256 == hashlib.sha256(raw).hexdigest() == _stored_sha256(original.sha256)
    assert attachment.original_name == "bodycam.mp4"
    assert attachment.size_bytes == VIDEO_BYTES
    assert attachment.sha256 == hashlib.sha256(video).hexdigest() == \
        _stored_sha256(attachment.sha256)


def test_over_the_bound_the_message_is_kept_whole_and_says_so(
        app, receive, sent_request, video, client, login, editor):
    app.config["MAIL_INTAKE_MAX_MESSAGE_BYTES"] = LOW_BOUND
    raw = _video_mail(f"records+{sent_request.reference}@aclu.example.org", video)

    code, printed = receive(raw, sent_request.organisation.code)

    assert code == 0 and printed["status"] == "filed"
    assert printed["request"] == sent_request.reference
    assert printed["documents"] == [f"{sent_request.reference}-001"]
    assert "Message of 32" in printed["reason"] and NOT_UNPACKED in printed["reason"]
    assert "the original message is kept whole" in printed["reason"]
    (original,) = _documents()
    # Nothing lost: the video is inside the original, kept byte for byte.
    assert original.media_type == "message/rfc822" and original.size_bytes == len(raw)
    assert original.sha256 == hashlib.sha256(raw).hexdigest() == _stored_sha256(original.sha256)
    communication = db.session.get(Communication, printed["communication_id"])
    assert communication.summary.endswith("Body camera video")
    login(editor)
    page = client.get(f"/requests/{sent_request.id}")
    assert NOT_UNPACKED in page.text and "the original message is kept whole" in page.text


def test_a_large_message_that_matches_nothing_waits_and_is_filed_from_the_inbox_whole(
        app, receive, sent_request, video, editor):
    app.config["MAIL_INTAKE_MAX_MESSAGE_BYTES"] = LOW_BOUND
    raw = _video_mail("records@aclu.example.org", video, sender="Clerk <clerk@city.example>")

    code, printed = receive(raw, sent_request.organisation.code)

    assert code == 0 and printed["status"] == "triage"
    assert NOT_UNPACKED in printed["reason"]
    waiting = db.session.scalar(select(IntakeMessage))
    result = inbox_file(message=waiting, requests=[sent_request], actor=editor)
    assert result.status == "filed" and NOT_UNPACKED in result.reason
    assert db.session.get(IntakeMessage, waiting.id).state == MailState.filed.name
    (original,) = _documents()
    assert original.sha256 == hashlib.sha256(raw).hexdigest() == _stored_sha256(original.sha256)


def test_no_spooled_copy_is_left_behind(app, receive, sent_request, video):
    raw = _video_mail(f"records+{sent_request.reference}@aclu.example.org", video)
    receive(raw, sent_request.organisation.code)
    staging = document_store().staging_dir
    assert not staging.is_dir() or list(staging.iterdir()) == []
