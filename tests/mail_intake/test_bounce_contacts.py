"""A bounce of mail to an agency's records address marks it failing and proposes a correction."""

import html
import re

from sqlalchemy import func, select

from foia_tracker.agencies.failures import AgencyAddressFailure
from foia_tracker.agencies.models import Agency
from foia_tracker.communications.status import Status
from foia_tracker.extensions import db
from foia_tracker.mail_intake.classify import FailedRecipient, nature_of
from foia_tracker.mail_intake.parse import read_message
from foia_tracker.stewardship.models import AgencyChangeSuggestion, SuggestionStatus

from ..conftest import csrf_token
from .conftest import AGENCY_ADDRESS, message

REFUSED = f"smtp; 550 5.1.1 <{AGENCY_ADDRESS}>: Recipient address rejected: User unknown"
#: The words the pages show: the server's own, without the "smtp;" type.
REFUSED_WORDS = f"550 5.1.1 <{AGENCY_ADDRESS}>: Recipient address rejected: User unknown"


def dsn(recipient: str = AGENCY_ADDRESS, *, action: str = "failed", number: int = 1,
        other: str = "") -> bytes:
    """Return a delivery report as Postfix writes it (RFC 3464), for our mail to recipient."""
    status = "5.1.1" if action == "failed" else "4.4.1"
    also = (f"\nFinal-Recipient: rfc822; {other}\nAction: delivered\nStatus: 2.0.0\n"
            if other else "")
    return f"""Return-Path: <>
Received: by mx.aclu.example.org (Postfix) id 4Fq; Mon, 16 Nov 2026 09:00:00 +0000 (UTC)
From: Mail Delivery System <MAILER-DAEMON@mx.aclu.example.org>
To: records@aclu.example.org
Subject: Undelivered Mail Returned to Sender
Date: Mon, 16 Nov 2026 09:00:00 +0000
Message-ID: <bounce-{number}@mx.aclu.example.org>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUND"

--BOUND
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.aclu.example.org.
I'm sorry to have to inform you that your message could not be delivered.

--BOUND
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.aclu.example.org
X-Postfix-Queue-ID: 4Fq
Arrival-Date: Mon, 16 Nov 2026 08:59:58 +0000 (UTC)

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Remote-MTA: dns; mail.sheriff.example.gov
Diagnostic-Code: {REFUSED.replace(AGENCY_ADDRESS, recipient)}
{also}
--BOUND
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: records@aclu.example.org
To: {recipient}
Subject: Follow-up on your public records request
Message-ID: <followup-{number}@aclu.example.org>

--BOUND--
""".encode()


def _failures():
    return db.session.scalars(select(AgencyAddressFailure).order_by(AgencyAddressFailure.id)).all()


def _proposals():
    return db.session.scalars(select(AgencyChangeSuggestion)
                              .order_by(AgencyChangeSuggestion.id)).all()


def _page(client, path: str) -> str:
    # The words a reader sees: tags taken out, entities read.
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", client.get(path).text).split()))


def test_a_report_names_the_failed_recipients_and_the_reasons_it_gives():
    mail = read_message(dsn(other="clerk@sheriff.example.gov"))
    assert nature_of(mail).failed == (FailedRecipient(AGENCY_ADDRESS, REFUSED_WORDS),)
    assert nature_of(read_message(dsn(action="delayed"))).failed == ()


def test_a_bounce_marks_the_records_address_failing_and_proposes_a_correction(
        client, login, editor, agency, receive, sent_request, make_request, make_user):
    closed = make_request(editor, agency=agency, sent_on=sent_request.sent_on)
    closed.status = Status.completed
    # Another organisation's open request to the same agency: the address is shared data.
    stranger = make_user()
    others = make_request(stranger, agency=agency, sent_on=sent_request.sent_on)
    db.session.commit()

    code, printed = receive(dsn(), sent_request.organisation.code)

    assert code == 0 and printed["status"] == "ignored"
    [failure] = _failures()
    assert (failure.agency_id, failure.address, failure.reason, failure.cleared_at) == \
        (agency.id, AGENCY_ADDRESS, REFUSED_WORDS, None)
    [proposal] = _proposals()
    assert proposal.status is SuggestionStatus.pending and proposal.agency_id == agency.id
    assert (proposal.old_values, proposal.new_values) == ({"email": AGENCY_ADDRESS}, {"email": ""})
    assert f"Mail to {AGENCY_ADDRESS} bounced on" in proposal.note
    # Proposed, never applied by itself.
    assert db.session.get(Agency, agency.id).email == AGENCY_ADDRESS

    login(editor)
    agency_page = _page(client, f"/agencies/{agency.id}")
    assert f"Failing: mail to {AGENCY_ADDRESS} bounced on {failure.failed_at:%Y-%m-%d}: " \
           f"{REFUSED_WORDS}." in agency_page
    assert "A correction was proposed for review." in agency_page
    warning = f"Warning: the agency's records address {AGENCY_ADDRESS} is failing."
    assert warning in _page(client, f"/requests/{sent_request.id}")
    assert warning not in _page(client, f"/requests/{closed.id}")
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    login(stranger)
    assert warning in _page(client, f"/requests/{others.id}")

    # The same address bouncing again updates the mark; it proposes nothing twice.
    assert receive(dsn(number=2), sent_request.organisation.code)[1]["status"] == "ignored"
    assert len(_failures()) == 1 and len(_proposals()) == 1


def test_the_operator_sees_why_the_app_proposed_the_change(
        client, login, agency, receive, sent_request, make_user):
    receive(dsn(), sent_request.organisation.code)
    operator = make_user()
    operator.is_operator = True
    db.session.commit()
    login(operator)
    page = _page(client, "/agencies/suggestions/")
    assert f"Proposed by the app for {sent_request.organisation.name}" in page
    assert f"Mail to {AGENCY_ADDRESS} bounced on" in page and REFUSED_WORDS in page

    [proposal] = _proposals()
    response = client.post(f"/agencies/suggestions/agency/{proposal.id}/accept",
                           data={"csrf_token": csrf_token(client, "/agencies/suggestions/")})
    assert response.status_code == 302
    db.session.expire_all()
    # Accepted: the address is cleared, and so is the mark.
    assert db.session.get(Agency, agency.id).email == ""
    assert [f.cleared_reason for f in _failures()] == [
        f"The records address was changed from {AGENCY_ADDRESS}."]


def test_a_later_reply_from_the_address_clears_the_mark_and_withdraws_the_proposal(
        client, login, editor, agency, receive, sent_request):
    receive(dsn(), sent_request.organisation.code)
    reply = message(subject=f"Re: {sent_request.reference}", body="We received your request.")
    assert receive(bytes(reply), sent_request.organisation.code)[1]["status"] == "filed"

    [failure] = _failures()
    assert failure.cleared_at is not None
    assert failure.cleared_reason.startswith(f"Mail from {AGENCY_ADDRESS} arrived on ")
    [proposal] = _proposals()
    assert proposal.status is SuggestionStatus.rejected
    assert proposal.reason.startswith(f"Withdrawn: mail from {AGENCY_ADDRESS} arrived on ")
    login(editor)
    assert "is failing" not in _page(client, f"/requests/{sent_request.id}")
    assert "Failing:" not in _page(client, f"/agencies/{agency.id}")


def test_a_staff_edit_of_the_address_clears_the_mark(client, login, editor, agency, receive,
                                                     sent_request):
    receive(dsn(), sent_request.organisation.code)
    login(editor)
    path = f"/agencies/{agency.id}/edit"
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "name": agency.name,
        "jurisdiction": agency.jurisdiction, "level": agency.level.name,
        "kind": agency.kind.name, "records_officer": "", "email": "prr@sheriff.example.gov",
        "portal_url": "", "postal_address": "", "notes": ""})
    assert response.status_code == 302, response.text

    db.session.expire_all()
    assert db.session.get(Agency, agency.id).email == "prr@sheriff.example.gov"
    [failure] = _failures()
    assert failure.cleared_reason == f"The records address was changed from {AGENCY_ADDRESS}."
    assert _proposals()[0].status is SuggestionStatus.rejected
    assert "is failing" not in _page(client, f"/requests/{sent_request.id}")


def test_delays_and_bounces_of_other_addresses_mark_nothing(receive, sent_request):
    organisation = sent_request.organisation.code
    assert receive(dsn(action="delayed"), organisation)[1]["status"] == "ignored"
    assert receive(dsn("someone@elsewhere.example", number=2), organisation)[1]["status"] \
        == "ignored"
    assert _failures() == [] and _proposals() == []
    assert db.session.scalar(select(func.count(Agency.id)).where(Agency.email == "")) == 0
