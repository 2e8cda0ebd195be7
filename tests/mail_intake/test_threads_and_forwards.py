"""Replies to our own mail, staff's copies of what they sent, and mail staff forward to us."""

from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail.message import message_id_for
from foia_tracker.mail_intake.models import MailFiling
from foia_tracker.mail_intake.threads import sent_message_remember

from .conftest import message, release_pdf


def test_a_reply_to_a_message_the_app_sent_is_filed_by_its_thread(receive, sent_request):
    sent_id = message_id_for(f"request:{sent_request.id}:letter", "records@aclu.example.org")
    sent_message_remember(organisation_id=sent_request.organisation_id,
                          request_id=sent_request.id, message_id=sent_id)
    db.session.commit()
    reply = message(subject="RE: Public records request", body="We received your request.",
                    headers={"In-Reply-To": sent_id, "References": sent_id})
    code, printed = receive(bytes(reply), sent_request.organisation.code)

    assert printed["status"] == "filed" and printed["request"] == sent_request.reference
    assert "replies to a message of this request's thread" in printed["reason"]


def test_staff_bcc_is_logged_as_sent_and_the_agency_reply_to_it_follows(
        receive, sent_request, editor):
    ours = message(sender=f"{editor.name} <{editor.email}>", to="records@sheriff.example.gov",
                   subject="Follow-up on our request",
                   body="Could you tell us when to expect an answer?")
    code, printed = receive(bytes(ours), sent_request.organisation.code,
                            "--recipient", f"records+{sent_request.reference}@aclu.example.org")
    assert printed["status"] == "filed"
    communication = db.session.get(Communication, printed["communication_id"])
    assert communication.direction is Direction.sent
    assert communication.summary.startswith("Our e-mail:")

    reply = message(subject="RE: Follow-up on our request", body="Within two weeks.",
                    headers={"In-Reply-To": ours["Message-ID"]})
    code, printed = receive(bytes(reply), sent_request.organisation.code)
    assert printed["status"] == "filed" and printed["request"] == sent_request.reference


def test_a_forwarded_reply_is_unwrapped_to_the_agency_sender_and_date(
        receive, sent_request, editor):
    forwarded = message(
        sender=f"{editor.name} <{editor.email}>", to="records@aclu.example.org",
        subject=f"Fwd: Records for {sent_request.reference}",
        body="FYI, the release came to my own mailbox.\n\n"
             "---------- Forwarded message ---------\n"
             "From: Records Unit <records@sheriff.example.gov>\n"
             "Date: Tue, 10 Nov 2026 14:02:00 -0800\n"
             "Subject: Records for your request\n"
             "To: Staff <staff@aclu.example.org>\n\n"
             "Attached are the responsive records.\n",
        attachments=[("release.pdf", release_pdf(), "application", "pdf")])
    code, printed = receive(bytes(forwarded), sent_request.organisation.code)

    assert printed["status"] == "filed" and printed["request"] == sent_request.reference
    communication = db.session.get(Communication, printed["communication_id"])
    assert communication.direction is Direction.received
    assert communication.summary == "E-mail from Records Unit: Records for your request"
    assert communication.occurred_on.isoformat() == "2026-11-10"
    assert communication.body == "Attached are the responsive records."
    names = db.session.scalars(select(Document.original_name).order_by(Document.sequence)).all()
    assert names[-1] == "release.pdf"
    assert db.session.scalar(select(MailFiling.proposed_kind)) == "final_release"


def test_the_sender_of_an_agency_with_one_open_request_files_the_reply(receive, sent_request):
    mail = message(subject="Your request", body="Please call our office.")
    code, printed = receive(bytes(mail), sent_request.organisation.code)
    assert printed["status"] == "filed"
    assert "the sender's address is that of Washington County Sheriff" in printed["reason"]


def test_the_sender_of_an_agency_with_two_open_requests_waits_with_both_guesses(
        receive, sent_request, make_request, editor, agency):
    make_request(editor, agency=agency, sent_on=sent_request.sent_on)
    mail = message(subject="Your request", body="Please call our office.")
    code, printed = receive(bytes(mail), sent_request.organisation.code)
    assert printed["status"] == "triage"
    assert printed["reason"].count("the sender's address is that of") == 2


def test_a_reply_forwarded_as_an_attachment_is_unwrapped(receive, sent_request, editor):
    original = message(subject="Fee estimate for your request",
                       date="Wed, 11 Nov 2026 08:30:00 -0800",
                       body="The estimated cost of your request is $120.")
    forward = message(sender=editor.email, to=f"records+{sent_request.reference}@aclu.example.org",
                      subject="FW: Fee estimate for your request", body="See attached.")
    forward.add_attachment(original)
    code, printed = receive(bytes(forward), sent_request.organisation.code)

    assert printed["status"] == "filed"
    communication = db.session.get(Communication, printed["communication_id"])
    assert communication.direction is Direction.received
    assert communication.summary == "E-mail from Records Unit: Fee estimate for your request"
    assert communication.occurred_on.isoformat() == "2026-11-11"
    assert communication.body == "The estimated cost of your request is $120."
    assert db.session.scalar(select(MailFiling.proposed_kind)) == "fee_estimate"
