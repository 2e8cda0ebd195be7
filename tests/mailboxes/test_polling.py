"""Real mail appended to a real Dovecot, read by the poller and filed by mail intake: each
message in the right state, nothing twice (again, concurrently, or after the pipe), the mailbox
left as it was except the optional move, and a burst read in bounded, resumed batches."""

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.filing import receive_message
from foia_tracker.mail_intake.models import IntakeMessage, MailState, SentMessageId
from foia_tracker.mailboxes.models import Mailbox
from foia_tracker.mailboxes.polling import mailbox_poll

from ..conftest import AGENCY_TODAY
from . import messages


@pytest.fixture
def staff(make_user, admin):
    return make_user(organisation=admin.organisation, email="staff@affiliate.example")


@pytest.fixture
def records_request(make_request, make_agency, staff):
    agency = make_agency(name="Washington County Sheriff", email=messages.AGENCY)
    return make_request(staff, agency=agency, sent_on=AGENCY_TODAY)


@pytest.fixture
def sent_message_id(records_request):
    """The Message-ID of a message the app sent about the request."""
    message_id = "<followup-1@affiliate.example>"
    db.session.add(SentMessageId(organisation_id=records_request.organisation_id,
                                 message_id=message_id, request_id=records_request.id))
    db.session.commit()
    return message_id


def intake_by_subject() -> dict[str, IntakeMessage]:
    db.session.expire_all()
    return {m.subject: m for m in db.session.scalars(select(IntakeMessage))}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_each_kind_of_mail_lands_in_its_state_once_and_the_mailbox_is_untouched(
        admin, account, connect_mailbox, records_request, sent_message_id):
    reference = records_request.reference
    account.append(messages.release_with_pdf(reference), messages.reply_to(sent_message_id),
                   messages.forwarded_reply(reference), messages.out_of_office(reference),
                   messages.bounce(reference), messages.unmatched())
    flags_before = account.flags()
    mailbox = connect_mailbox(admin.organisation, account)

    result = mailbox_poll(mailbox_id=mailbox.id)

    assert result.error is None
    assert result.statuses == Counter(filed=3, ignored=2, triage=1)
    mail = intake_by_subject()
    assert len(mail) == 6
    release = mail[f"Records release for your request {reference}"]
    assert release.state == MailState.filed.name and release.via == f"mailbox:{mailbox.name}"
    assert release.filings[0].request_id == records_request.id
    pdf = db.session.scalar(select(Document).where(Document.original_name == "release.pdf"))
    assert pdf.request_id == records_request.id and pdf.media_type == "application/pdf"
    assert pdf.communication_id == release.filings[0].communication_id
    assert mail["Re: Public records request"].filings[0].request_id == records_request.id
    forwarded = next(m for subject, m in mail.items() if "fee estimate" in subject)
    assert forwarded.state == MailState.filed.name
    assert forwarded.filings[0].request_id == records_request.id
    assert mail[f"Automatic reply: {reference}"].state == MailState.ignored.name
    assert mail["Undelivered Mail Returned to Sender"].state == MailState.ignored.name
    assert mail["Question about parking permits"].state == MailState.triage.name
    # Read with BODY.PEEK: no message became \Seen, none was moved or deleted.
    assert account.flags() == flags_before
    assert all("\\Seen" not in flags for flags in flags_before.values())

    again = mailbox_poll(mailbox_id=mailbox.id)
    assert (again.read, again.error) == (0, None)
    assert count(IntakeMessage) == 6


def test_two_pollers_at_once_read_each_message_once(app, admin, account, connect_mailbox):
    account.append(*(messages.numbered(n) for n in range(20)))
    mailbox_id = connect_mailbox(admin.organisation, account).id
    results, barrier = [], threading.Barrier(2)

    def poll():
        with app.app_context():
            barrier.wait()
            results.append(mailbox_poll(mailbox_id=mailbox_id, batch_size=5))
            db.session.remove()

    pollers = [threading.Thread(target=poll) for _ in range(2)]
    for poller in pollers:
        poller.start()
    for poller in pollers:
        poller.join(timeout=120)

    assert len(results) == 2 and not any(r.error for r in results)
    statuses = sum((r.statuses for r in results), Counter())
    # The claim kept the second poller off the mailbox: nothing fetched twice, not even as a
    # duplicate that filing would have caught.
    assert statuses == Counter(triage=20)
    assert count(IntakeMessage) == 20


def test_a_message_piped_in_first_is_a_duplicate_when_the_poller_reads_it(
        admin, account, connect_mailbox, records_request):
    raw = messages.release_with_pdf(records_request.reference)
    piped = receive_message(admin.organisation, raw, via="pipe")
    account.append(raw)
    mailbox = connect_mailbox(admin.organisation, account)

    result = mailbox_poll(mailbox_id=mailbox.id)

    assert piped.status == "filed" and result.statuses == Counter(duplicate=1)
    assert count(IntakeMessage) == 1


def test_stored_messages_move_to_the_filed_folder_and_nothing_else_changes(
        admin, account, connect_mailbox, records_request):
    account.create_folder("Filed")
    account.append(messages.release_with_pdf(records_request.reference), messages.unmatched())
    mailbox = connect_mailbox(admin.organisation, account, filed_folder="Filed")

    result = mailbox_poll(mailbox_id=mailbox.id)

    assert result.error is None and result.read == 2
    assert account.flags("INBOX") == {}
    moved = account.flags("Filed")
    assert len(moved) == 2 and all("\\Seen" not in flags for flags in moved.values())


def test_a_missing_filed_folder_stops_before_anything_is_read(admin, account, connect_mailbox):
    account.append(messages.unmatched())
    mailbox = connect_mailbox(admin.organisation, account, filed_folder="Filed")

    result = mailbox_poll(mailbox_id=mailbox.id)

    assert result.read == 0
    assert result.error.startswith("The folder “Filed” for filed messages does not exist")
    assert count(IntakeMessage) == 0 and len(account.flags()) == 1


def test_a_burst_is_read_in_bounded_batches_and_each_run_resumes(
        admin, account, connect_mailbox):
    account.append(*(messages.numbered(n) for n in range(500)))
    mailbox = connect_mailbox(admin.organisation, account)

    runs = []
    while not runs or runs[-1].more_waiting:
        runs.append(mailbox_poll(mailbox_id=mailbox.id, batch_size=50, max_batches=3))
        db.session.expire_all()
        assert db.session.get(Mailbox, mailbox.id).last_uid == min(150 * len(runs), 500)
        assert len(runs) <= 4

    assert [r.read for r in runs] == [150, 150, 150, 50]
    assert [r.batches for r in runs] == [3, 3, 3, 1]
    assert sum((r.statuses for r in runs), Counter()) == Counter(triage=500)
    assert count(IntakeMessage) == 500
    assert mailbox_poll(mailbox_id=mailbox.id).read == 0


def test_when_the_document_store_is_down_nothing_is_skipped(app, admin, account,
                                                             connect_mailbox, tmp_path):
    account.append(messages.unmatched(), messages.numbered(1))
    mailbox = connect_mailbox(admin.organisation, account)
    documents_path = app.config["DOCUMENTS_PATH"]
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store's folder should be")
    app.config["DOCUMENTS_PATH"] = str(blocked / "documents")

    down = mailbox_poll(mailbox_id=mailbox.id)
    app.config["DOCUMENTS_PATH"] = documents_path
    up = mailbox_poll(mailbox_id=mailbox.id)

    assert down.read == 0
    assert down.error == ("The database or document store was unavailable; the messages stay "
                          "in the mailbox and are read again next time.")
    assert up.error is None and up.statuses == Counter(triage=2)


def test_the_command_polls_every_mailbox(runner, admin, account, connect_mailbox):
    account.append(messages.unmatched())
    connect_mailbox(admin.organisation, account, name="Records inbox")

    result = runner.invoke(args=["poll-mailboxes"])

    assert result.exit_code == 0, result.output
    assert f"{admin.organisation.code} / Records inbox: Read 1 new message (1 triage)." in \
        result.output


def test_the_command_says_when_mailboxes_are_off(app, runner):
    app.config["MAILBOX_KEY"] = None
    result = runner.invoke(args=["poll-mailboxes"])
    assert result.exit_code == 1 and "FOIA_MAILBOX_KEY is missing" in result.output


def test_the_scheduler_has_the_mailbox_job(app):
    from foia_tracker.alerts.scheduler import MAILBOX_JOB_ID, build_scheduler

    job = build_scheduler(app, blocking=False).get_job(MAILBOX_JOB_ID)
    assert job.id == "poll-mailboxes"
    assert job.trigger.interval.total_seconds() == app.config["MAILBOX_POLL_INTERVAL_SECONDS"]
