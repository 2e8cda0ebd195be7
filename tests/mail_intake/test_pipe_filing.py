"""The pipe command files real agency replies on the right request, with their documents."""

from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage, MailFiling
from foia_tracker.storage import document_store

from .conftest import message, release_pdf


def test_a_release_with_a_pdf_is_filed_on_the_request_its_plus_address_names(
        receive, sent_request):
    reference = sent_request.reference
    mail = message(to=f"records+{reference}@aclu.example.org", date="Thu, 12 Mar 2026 10:15:00 -0700",
                   subject="Records responsive to your request",
                   body="Attached are the responsive records. This completes your request.\n\n"
                        "On Mon, 2 Mar 2026, Staff wrote:\n> Please send all contracts.",
                   attachments=[("contracts.pdf", release_pdf(), "application", "pdf")])
    code, printed = receive(bytes(mail), sent_request.organisation.code)

    assert code == 0
    assert printed["status"] == "filed"
    assert printed["request"] == reference
    assert printed["documents"] == [f"{reference}-001", f"{reference}-002"]
    assert "reply address" in printed["reason"]
    communication = db.session.get(Communication, printed["communication_id"])
    # Received, kind unconfirmed: a note that moves no deadline until a person confirms it.
    assert communication.kind is Kind.note and communication.direction is Direction.received
    assert communication.occurred_on.isoformat() == "2026-03-12"
    assert "This completes your request." in communication.body
    assert "Please send all contracts" not in communication.body
    filing = db.session.scalar(select(MailFiling))
    assert filing.proposed_kind == "final_release" and not filing.is_kind_confirmed
    documents = db.session.scalars(select(Document).order_by(Document.sequence)).all()
    assert [d.media_type for d in documents] == ["message/rfc822", "application/pdf"]
    assert documents[1].original_name == "contracts.pdf"
    assert documents[1].page_count == 1
    assert all(d.communication_id == communication.id for d in documents)
    with document_store().open(documents[0].sha256) as stored:
        assert stored.read() == bytes(mail)


def test_the_same_message_twice_is_filed_once(receive, sent_request):
    mail = bytes(message(subject=f"Re: {sent_request.reference}"))
    first = receive(mail, sent_request.organisation.code)[1]
    # The same message read again from a mailbox: another trace header, CRLF line ends.
    again = b"Received: from mx.example.org by imap\r\n" + mail.replace(b"\n", b"\r\n")
    code, second = receive(again, sent_request.organisation.code)

    assert first["status"] == "filed"
    assert code == 0 and second["status"] == "duplicate"
    assert second["communication_id"] == first["communication_id"]
    assert db.session.scalar(select(db.func.count(IntakeMessage.id))) == 1


def test_a_reused_message_id_with_other_content_is_filed_again(receive, sent_request):
    first = message(subject=f"Re: {sent_request.reference}", message_id="<same@agency.example>")
    other = message(subject=f"Re: {sent_request.reference}", body="A second, different letter.",
                    message_id="<same@agency.example>")
    assert receive(bytes(first), sent_request.organisation.code)[1]["status"] == "filed"
    assert receive(bytes(other), sent_request.organisation.code)[1]["status"] == "filed"


def test_a_tracking_number_in_the_body_files_the_message(receive, sent_request):
    mail = message(subject="Public records request",
                   body="We have received your request, tracking number PRR-2026-101.")
    code, printed = receive(bytes(mail), sent_request.organisation.code)

    assert printed["status"] == "filed" and printed["request"] == sent_request.reference
    assert printed["reason"] == (f"Filed on {sent_request.reference}: tracking number "
                                 "PRR-2026-101 appears in the body.")
    assert db.session.scalar(select(MailFiling.proposed_kind)) == "acknowledgment"


def test_mail_that_matches_nothing_waits_in_the_inbox(receive, sent_request):
    mail = message(sender="someone@elsewhere.example", subject="Hello",
                   body="Nothing to do with any request.")
    code, printed = receive(bytes(mail), sent_request.organisation.code)

    assert code == 0
    assert printed == {"status": "triage", "request": None, "communication_id": None,
                       "documents": [], "reason": printed["reason"]}
    assert "matches no request" in printed["reason"]
    row = db.session.scalar(select(IntakeMessage))
    with document_store().open(row.raw_sha256) as stored:
        assert stored.read() == bytes(mail)


def test_attachments_go_through_the_upload_services(receive, sent_request):
    from foia_tracker.documents.models import ExtractionStatus
    from tests.files import make_zip

    archive = make_zip({"minutes/meeting.pdf": release_pdf(), "notes.txt": b"Vendor: Acme"})
    mail = message(to=f"records+{sent_request.reference}@aclu.example.org",
                   attachments=[("records.zip", archive, "application", "zip"),
                                ("odd.qwglhm", b"\x00\x01opaque", "application", "x-nonsense")])
    code, printed = receive(bytes(mail), sent_request.organisation.code)

    assert printed["status"] == "filed"
    documents = {d.original_name: d for d in db.session.scalars(select(Document))}
    assert documents["records.zip"].media_type == "application/zip"
    # Unpacked, each member a document of its own, queued for text extraction and search.
    assert documents["meeting.pdf"].archive_id == documents["records.zip"].id
    assert documents["meeting.pdf"].extraction_status is ExtractionStatus.pending
    assert documents["notes.txt"].extraction_status is ExtractionStatus.pending
    # A type uploads refuse is kept all the same, its text simply not read.
    assert documents["odd.qwglhm"].extraction_status is ExtractionStatus.skipped
