"""The triage inbox: staff file waiting mail on requests, or dismiss it, in one click."""

import re

from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Kind, Status
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage, MailFiling
from foia_tracker.storage import document_store
from tests.conftest import csrf_token

from .conftest import message, release_pdf


def _waiting(receive, sent_request, **values):
    code, printed = receive(bytes(message(**values)), sent_request.organisation.code)
    assert printed["status"] == "triage", printed
    return db.session.scalar(select(IntakeMessage).order_by(IntakeMessage.id.desc()))


def test_the_inbox_shows_a_guess_with_its_reason_and_files_it_in_one_click(
        client, login, editor, receive, sent_request, make_agency):
    other = make_agency(name="City Police", email="records@city.example.gov")
    body = f"About our earlier exchange on {sent_request.reference}."
    waiting = _waiting(receive, sent_request, sender="clerk@city.example.gov", body=body,
                       attachments=[("scan.pdf", release_pdf(), "application", "pdf")])
    login(editor)
    page = client.get("/inbox")
    assert page.status_code == 200
    assert f"its reference {sent_request.reference} appears in the body" in page.text
    assert "scan.pdf" in page.text

    response = client.post(f"/inbox/{waiting.id}/file", data={
        "references": sent_request.reference, "csrf_token": csrf_token(client, "/inbox")})
    assert response.status_code == 302
    assert db.session.scalar(select(IntakeMessage.state)) == "filed"
    filed = db.session.scalars(select(Document).order_by(Document.sequence)).all()
    assert [d.original_name for d in filed][-1] == "scan.pdf"
    assert all(d.uploaded_by_id == editor.id for d in filed)
    assert "Nothing waiting" in client.get("/inbox").text
    assert other.id


def test_a_message_naming_two_requests_is_filed_on_both_with_one_stored_copy(
        client, login, editor, receive, sent_request, make_request, agency):
    second = make_request(editor, agency=agency, sent_on=sent_request.sent_on)
    subject = f"Responses to {sent_request.reference} and {second.reference}"
    waiting = _waiting(receive, sent_request, subject=subject,
                       attachments=[("both.pdf", release_pdf(), "application", "pdf")])
    assert "names 2 requests" in waiting.reason
    login(editor)
    page = client.get("/inbox")
    both = f"{sent_request.reference} {second.reference}"
    assert f'value="{both}"' in page.text

    response = client.post(f"/inbox/{waiting.id}/file", data={
        "references": both, "csrf_token": csrf_token(client, "/inbox")})
    assert response.status_code == 302
    communications = db.session.scalars(select(Communication).where(
        Communication.kind == Kind.note)).all()
    assert {c.request_id for c in communications} == {sent_request.id, second.id}
    # Each request has the message and its attachment as its own exhibits, on its own timeline
    # entry, and the store holds one copy of each file.
    on = {c.request_id: c.id for c in communications}
    documents = db.session.scalars(select(Document).order_by(Document.id)).all()
    assert [(d.exhibit_number, d.communication_id) for d in documents] == [
        (f"{sent_request.reference}-001", on[sent_request.id]),
        (f"{sent_request.reference}-002", on[sent_request.id]),
        (f"{second.reference}-001", on[second.id]), (f"{second.reference}-002", on[second.id])]
    assert [d.original_name for d in documents][1::2] == ["both.pdf", "both.pdf"]
    assert documents[1].sha256 == documents[3].sha256 and documents[0].sha256 == documents[2].sha256
    assert sorted(document_store().hashes()) == sorted({d.sha256 for d in documents})
    filings = db.session.scalars(select(MailFiling).order_by(MailFiling.id)).all()
    assert [f.exhibits for f in filings] == [
        [f"{sent_request.reference}-001", f"{sent_request.reference}-002"],
        [f"{second.reference}-001", f"{second.reference}-002"]]
    page = client.get(f"/requests/{second.id}").text
    assert f"{second.reference}-002" in page and "both.pdf" in page


def test_dismissing_keeps_the_message(client, login, editor, receive, sent_request):
    waiting = _waiting(receive, sent_request, sender="x@nowhere.example", body="Hi")
    login(editor)
    response = client.post(f"/inbox/{waiting.id}/dismiss", data={
        "confirm": "1", "csrf_token": csrf_token(client, "/inbox")})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(IntakeMessage, waiting.id).state == "dismissed"
    again = client.post(f"/inbox/{waiting.id}/dismiss", data={
        "confirm": "1", "csrf_token": csrf_token(client, "/inbox")})
    assert again.status_code == 409


def test_an_unknown_reference_is_refused_with_a_message(client, login, editor, receive,
                                                        sent_request):
    waiting = _waiting(receive, sent_request, sender="x@nowhere.example", body="Hi")
    login(editor)
    response = client.post(f"/inbox/{waiting.id}/file", data={
        "references": "ZZ-2026-0001", "csrf_token": csrf_token(client, "/inbox")})
    assert response.status_code == 422
    assert "No request of your organisation has the reference ZZ-2026-0001" in response.text


def test_another_organisation_sees_a_404_and_viewers_a_403(client, login, make_user, receive,
                                                           sent_request, editor):
    from foia_tracker.users.models import Role

    waiting = _waiting(receive, sent_request, sender="x@nowhere.example", body="Hi")
    login(make_user())
    assert client.get(f"/inbox/{waiting.id}/raw").status_code == 404
    token = csrf_token(client, "/inbox")
    assert client.post(f"/inbox/{waiting.id}/dismiss",
                       data={"confirm": "1", "csrf_token": token}).status_code == 404
    assert "x@nowhere.example" not in client.get("/inbox").text
    client.post("/logout", data={"csrf_token": token})
    login(make_user(role=Role.viewer, organisation=editor.organisation))
    assert client.get("/inbox").status_code == 403


def test_the_request_page_says_kind_unconfirmed_until_a_person_confirms(
        client, login, editor, receive, sent_request):
    mail = message(subject=f"Re: {sent_request.reference}",
                   body="The estimated cost of your request is $40.")
    receive(bytes(mail), sent_request.organisation.code)
    deadlines_before = dict(sent_request.deadlines)
    login(editor)
    page = client.get(f"/requests/{sent_request.id}")
    assert "Received, kind unconfirmed" in page.text
    assert "Proposed: <strong>Fee estimate</strong>" in page.text
    db.session.expire_all()
    assert db.session.get(type(sent_request), sent_request.id).deadlines == deadlines_before

    filing = db.session.scalar(select(MailFiling))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = client.post(f"/requests/{sent_request.id}/mail/{filing.id}/confirm",
                           data={"kind": "fee_estimate", "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    request = db.session.get(type(sent_request), sent_request.id)
    assert request.status is Status.awaiting_fee
    assert request.deadlines != deadlines_before
    assert "Received, kind unconfirmed" not in client.get(f"/requests/{sent_request.id}").text


def test_the_request_page_shows_the_reply_address(app, client, login, editor, sent_request):
    app.config["MAIL_INTAKE_ADDRESSES"] = {sent_request.organisation.code: "records@aclu.example.org"}
    login(editor)
    page = client.get(f"/requests/{sent_request.id}")
    assert f"records+{sent_request.reference}@aclu.example.org" in page.text


def test_a_kind_the_timeline_refuses_is_a_409_with_the_reason(client, login, editor, receive,
                                                             sent_request):
    receive(bytes(message(subject=f"Re: {sent_request.reference}", body="Hello.")),
            sent_request.organisation.code)
    login(editor)
    filing = db.session.scalar(select(MailFiling))
    token = csrf_token(client, f"/requests/{sent_request.id}")
    response = client.post(f"/requests/{sent_request.id}/mail/{filing.id}/confirm",
                           data={"kind": "appeal_decision", "csrf_token": token})
    assert response.status_code == 409
    assert "cannot be logged while the request is" in response.text
    assert "Received, kind unconfirmed" in response.text
    bad = client.post(f"/requests/{sent_request.id}/mail/{filing.id}/confirm",
                      data={"kind": "nonsense", "csrf_token": token})
    assert bad.status_code == 400
