"""Real agency mail for the mailbox tests, built with the standard `email` package."""

from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import make_msgid

from ..files import make_pdf

AGENCY = "records@sheriff.example.gov"
RECORDS = "records@affiliate.example"
DATE = "Thu, 12 Mar 2026 10:15:00 -0700"


def _message(subject: str, body: str, *, sender=AGENCY, to=RECORDS, headers=None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = DATE
    message["Message-ID"] = make_msgid(domain="sheriff.example.gov")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    return message


def release_with_pdf(reference: str, pdf_text="Contract 2026-17 with Clearview AI") -> bytes:
    """A release sent to the request's plus-address, a real PDF attached."""
    message = _message(f"Records release for your request {reference}",
                       "Please find the responsive records attached.\n\nRecords Unit",
                       to=f"records+{reference}@affiliate.example")
    message.add_attachment(make_pdf([pdf_text]), maintype="application", subtype="pdf",
                           filename="release.pdf")
    return bytes(message)


def reply_to(sent_message_id: str) -> bytes:
    """An answer in the thread of a message the app sent, with no reference anywhere."""
    return bytes(_message("Re: Public records request", "We received your request and are "
                          "working on it.", headers={"In-Reply-To": sent_message_id,
                                                     "References": sent_message_id}))


def forwarded_reply(reference: str, staff: str = "staff@affiliate.example") -> bytes:
    """A staff member forwarding the agency's answer, the original attached as message/rfc822."""
    original = _message(f"Your request {reference}: fee estimate",
                        "The estimated fee is $45.00.")
    message = _message(f"Fwd: Your request {reference}: fee estimate",
                       "Forwarding the sheriff's answer.", sender=staff)
    message.add_attachment(original)
    return bytes(message)


def out_of_office(reference: str) -> bytes:
    return bytes(_message(f"Automatic reply: {reference}", "I am out of the office until "
                          "Monday.", headers={"Auto-Submitted": "auto-replied"}))


def bounce(reference: str) -> bytes:
    """A delivery failure report (RFC 3464) returning a message we sent about the request."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "MAILER-DAEMON@sheriff.example.gov"
    report["To"] = RECORDS
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Date"] = DATE
    report["Message-ID"] = make_msgid(domain="mx.sheriff.example.gov")
    report["Return-Path"] = "<>"
    report["Auto-Submitted"] = "auto-replied"
    report.attach(MIMEText("This is the mail system: your message could not be delivered."))
    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = "dns; mx.sheriff.example.gov"
    per_recipient["Final-Recipient"] = "rfc822; nobody@sheriff.example.gov"
    per_recipient["Action"] = "failed"
    per_recipient["Status"] = "5.1.1"
    status = MIMEBase("message", "delivery-status")
    status.set_payload([per_message, per_recipient])
    report.attach(status)
    report.attach(MIMEMessage(_message(f"Follow-up on request {reference}", "Any news?",
                                       sender=RECORDS, to="nobody@sheriff.example.gov")))
    return report.as_bytes()


def unmatched() -> bytes:
    return bytes(_message("Question about parking permits", "Hello, where do I apply for a "
                          "parking permit?", sender="someone@elsewhere.example"))


def numbered(number: int) -> bytes:
    """One of a burst of distinct messages that match nothing."""
    return bytes(_message(f"Newsletter {number}", f"Issue number {number}.",
                          sender="news@elsewhere.example"))


def unmatched_release(pdf_text: str) -> bytes:
    """Records from an address and subject nobody knows, a PDF attached: it waits in triage."""
    message = _message("Documents you asked for", "Attached, as discussed on the phone.",
                       sender="clerk@county-records.example")
    message.add_attachment(make_pdf([pdf_text]), maintype="application", subtype="pdf",
                           filename="release.pdf")
    return bytes(message)
