"""Out-of-office replies and bounces: recognised, kept, shown, never counted as an answer."""

from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Kind
from foia_tracker.extensions import db
from foia_tracker.mail.message import message_id_for
from foia_tracker.mail_intake.models import IntakeMessage, MailFiling
from foia_tracker.mail_intake.threads import sent_message_remember

from .conftest import AGENCY_ADDRESS, message


def _received_notes():
    return db.session.scalars(select(Communication).where(Communication.kind == Kind.note)).all()


def test_an_out_of_office_reply_is_kept_and_shown_but_not_an_answer(
        client, login, editor, receive, sent_request):
    mail = message(to=f"records+{sent_request.reference}@aclu.example.org",
                   subject="Automatic reply: Your records request",
                   body="I am out of the office until Monday.",
                   headers={"Auto-Submitted": "auto-replied"})
    code, printed = receive(bytes(mail), sent_request.organisation.code)

    assert code == 0
    assert printed["status"] == "ignored" and printed["request"] == sent_request.reference
    assert "Auto-Submitted: auto-replied" in printed["reason"]
    assert _received_notes() == []
    login(editor)
    page = client.get(f"/requests/{sent_request.id}")
    assert "Automatic reply" in page.text and "not counted as the agency" in page.text


def test_an_exchange_out_of_office_without_headers_is_recognised_by_its_subject(
        receive, sent_request):
    mail = message(subject=f"Out of Office AutoReply: {sent_request.reference}",
                   body="Away until the 3rd.")
    assert receive(bytes(mail), sent_request.organisation.code)[1]["status"] == "ignored"


def _bounce(original_id: str, action: str = "failed") -> bytes:
    """Return a delivery report as Postfix writes it (RFC 3464), returning our message."""
    status = "5.1.1" if action == "failed" else "4.4.1"
    return f"""Return-Path: <>
From: Mail Delivery System <MAILER-DAEMON@mx.aclu.example.org>
To: records@aclu.example.org
Subject: Undelivered Mail Returned to Sender
Date: Mon, 16 Nov 2026 09:00:00 +0000
Message-ID: <bounce-{action}@mx.aclu.example.org>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUND"

--BOUND
Content-Type: text/plain; charset=us-ascii

The message could not be delivered to {AGENCY_ADDRESS}.

--BOUND
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.aclu.example.org

Final-Recipient: rfc822; {AGENCY_ADDRESS}
Action: {action}
Status: {status}

--BOUND
Content-Type: message/rfc822

From: records@aclu.example.org
To: {AGENCY_ADDRESS}
Subject: Public records request
Message-ID: {original_id}

Please send all contracts.

--BOUND--
""".encode()


def test_a_bounce_of_a_message_we_sent_is_a_warning_on_its_request(
        client, login, editor, receive, sent_request):
    sent_id = message_id_for(f"request:{sent_request.id}", "records@aclu.example.org")
    sent_message_remember(organisation_id=sent_request.organisation_id,
                          request_id=sent_request.id, message_id=sent_id)
    db.session.commit()
    code, printed = receive(_bounce(sent_id), sent_request.organisation.code)

    assert printed["status"] == "ignored" and printed["request"] == sent_request.reference
    assert "delivery failure report" in printed["reason"]
    assert _received_notes() == []
    login(editor)
    page = client.get(f"/requests/{sent_request.id}")
    assert "Warning: a message about this request could not be delivered." in page.text


def test_a_delivery_delay_is_not_a_failure(receive, sent_request):
    code, printed = receive(_bounce("<x@aclu.example.org>", action="delayed"),
                            sent_request.organisation.code)
    assert printed["status"] == "ignored"
    assert "delayed" in printed["reason"] and "not a failure" in printed["reason"]
    assert db.session.scalar(select(IntakeMessage.nature)) == "delay"


def test_an_automatic_portal_notice_with_real_news_is_still_filed(receive, sent_request):
    # Auto-Submitted: auto-generated (not auto-replied) is how portals send real answers.
    mail = message(subject=f"Update on {sent_request.reference}",
                   body="Your fee estimate is $25.", headers={"Auto-Submitted": "auto-generated"})
    code, printed = receive(bytes(mail), sent_request.organisation.code)
    assert printed["status"] == "filed"
    assert db.session.scalar(select(MailFiling.proposed_kind)) == "fee_estimate"


def test_a_reply_about_an_out_of_office_policy_is_not_an_automatic_reply(receive, sent_request):
    mail = message(subject=f"RE: {sent_request.reference} records of the out of office policy",
                   body="The policy is attached.")
    assert receive(bytes(mail), sent_request.organisation.code)[1]["status"] == "filed"
