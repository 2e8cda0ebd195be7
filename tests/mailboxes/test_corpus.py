"""Conformance: the shared corpus's real and awkward mail (bounces, out-of-office replies, broken
MIME, odd charsets, uuencoding, TNEF), read from a real mailbox: nothing lost, nothing crashes,
nothing read twice, and each message gets a verdict. Skipped, saying so, without the corpus."""

from collections import Counter

from sqlalchemy import func, select

from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage
from foia_tracker.mailboxes.models import MessageAuthentication
from foia_tracker.mailboxes.polling import mailbox_poll

from ..corpus import corpus_folder


def no_published_keys(name, timeout=5):
    return None


def test_every_corpus_message_is_stored_once_from_the_mailbox(admin, account, connect_mailbox):
    files = sorted(corpus_folder("mail").glob("*.eml"))
    assert files, "the corpus has no mail"
    account.append(*(path.read_bytes() for path in files))
    flags_before = account.flags()
    mailbox = connect_mailbox(admin.organisation, account)

    result = mailbox_poll(mailbox_id=mailbox.id, dnsfunc=no_published_keys)

    assert result.error is None
    assert result.read == len(files)
    assert set(result.statuses) <= {"filed", "triage", "ignored", "duplicate"}
    stored = db.session.scalar(select(func.count()).select_from(IntakeMessage))
    assert stored == len(files) - result.statuses["duplicate"]
    assert db.session.scalar(select(func.count()).select_from(MessageAuthentication)) == stored
    assert account.flags() == flags_before
    assert mailbox_poll(mailbox_id=mailbox.id, dnsfunc=no_published_keys).statuses == Counter()
