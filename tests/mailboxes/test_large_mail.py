"""A large message read from a real Dovecot: fetched in slices, stored byte for byte, its
attachment a document with its own hash; over the bound, kept whole and said so."""

import hashlib
import os
from email.policy import SMTP

import pytest
from sqlalchemy import select

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage, MailState
from foia_tracker.mailboxes.fetching import FETCH_SLICE_BYTES
from foia_tracker.mailboxes.polling import mailbox_poll

from . import messages

VIDEO_BYTES = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def video() -> bytes:
    return os.urandom(VIDEO_BYTES)


@pytest.fixture
def reference(make_request, make_agency, make_user, admin) -> str:
    agency = make_agency(name="Washington County Sheriff", email=messages.AGENCY)
    staff = make_user(organisation=admin.organisation, email="staff@affiliate.example")
    return make_request(staff, agency=agency).reference


def _video_mail(reference: str, video: bytes) -> bytes:
    mail = messages._message("Body camera video", "The video is attached.",
                             to=f"records+{reference}@affiliate.example")
    mail.add_attachment(video, maintype="video", subtype="mp4", filename="bodycam.mp4")
    # CRLF line ends, as a mail server stores and serves them.
    return mail.as_bytes(policy=SMTP)


def _documents() -> list[Document]:
    return db.session.scalars(select(Document).order_by(Document.sequence)).all()


def test_a_large_message_is_fetched_in_slices_and_stored_byte_for_byte(
        admin, account, connect_mailbox, reference, video):
    raw = _video_mail(reference, video)
    assert len(raw) > 3 * FETCH_SLICE_BYTES
    account.append(raw)
    mailbox = connect_mailbox(admin.organisation, account)

    result = mailbox_poll(mailbox_id=mailbox.id)

    assert result.error is None and result.statuses == {"filed": 1}
    original, attachment = _documents()
    assert original.sha256 == hashlib.sha256(raw).hexdigest()
    assert attachment.original_name == "bodycam.mp4"
    assert attachment.sha256 == hashlib.sha256(video).hexdigest()
    # Read with BODY.PEEK in every slice: the message is not marked \Seen.
    assert list(account.flags().values()) == [set()]


def test_over_the_bound_a_polled_message_is_kept_whole_and_says_so(
        app, admin, account, connect_mailbox, reference, video):
    app.config["MAIL_INTAKE_MAX_MESSAGE_BYTES"] = 4 * 1024 * 1024
    raw = _video_mail(reference, video)
    account.append(raw)
    mailbox = connect_mailbox(admin.organisation, account)

    result = mailbox_poll(mailbox_id=mailbox.id)

    assert result.error is None and result.statuses == {"filed": 1}
    row = db.session.scalar(select(IntakeMessage))
    assert row.state == MailState.filed.name
    assert "attachments were not unpacked" in row.reason
    assert "the original message is kept whole" in row.reason
    (original,) = _documents()
    assert original.sha256 == hashlib.sha256(raw).hexdigest()
