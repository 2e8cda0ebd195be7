"""A check claims its mailbox: a second check leaves it alone, a dead check's claim is taken over,
and a folder renumbered by the server (new UIDVALIDITY) is read again without filing twice."""

from collections import Counter
from datetime import timedelta

from sqlalchemy import func, select, update

from foia_tracker.audit.models import AuditEvent
from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage
from foia_tracker.mailboxes.models import Mailbox
from foia_tracker.mailboxes.polling import mailbox_poll

from . import messages


def claim_held_since(mailbox_id: int, when) -> None:
    db.session.execute(update(Mailbox).where(Mailbox.id == mailbox_id)
                       .values(claim_token="another-poller", claimed_at=when))
    db.session.commit()


def test_a_mailbox_being_checked_is_left_alone_until_its_claim_goes_stale(
        app, admin, account, connect_mailbox):
    account.append(messages.unmatched())
    mailbox = connect_mailbox(admin.organisation, account)

    claim_held_since(mailbox.id, utcnow())
    busy = mailbox_poll(mailbox_id=mailbox.id)
    stale = utcnow() - timedelta(seconds=app.config["MAILBOX_CLAIM_STALE_SECONDS"] + 1)
    claim_held_since(mailbox.id, stale)
    taken_over = mailbox_poll(mailbox_id=mailbox.id)

    assert busy.read == 0 and busy.skipped.startswith("Another check of this mailbox")
    assert taken_over.statuses == Counter(triage=1) and taken_over.error is None
    db.session.expire_all()
    assert db.session.get(Mailbox, mailbox.id).claim_token is None


def test_a_new_uidvalidity_reads_the_folder_again_and_files_nothing_twice(
        admin, account, connect_mailbox):
    account.create_folder("Agencies")
    first, second = messages.unmatched(), messages.numbered(1)
    account.append(first, folder="Agencies")
    mailbox = connect_mailbox(admin.organisation, account, folder="Agencies")
    assert mailbox_poll(mailbox_id=mailbox.id).statuses == Counter(triage=1)
    # The server renumbers the folder (here: it is deleted and made again).
    with account.box() as box:
        box.folder.delete("Agencies")
        box.folder.create("Agencies")
    account.append(first, second, folder="Agencies")

    again = mailbox_poll(mailbox_id=mailbox.id)

    assert again.statuses == Counter(duplicate=1, triage=1)
    assert db.session.scalar(select(func.count()).select_from(IntakeMessage)) == 2


def test_the_audit_log_records_the_mailbox_but_never_its_password(admin, account,
                                                                  connect_mailbox):
    connect_mailbox(admin.organisation, account)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "Mailbox"))
    assert event.changes["secret_sealed"] == ["(hidden)", "(changed)"]
    assert event.changes["host"] == [None, "127.0.0.1"]
    assert account.server.password not in str(event.changes)
