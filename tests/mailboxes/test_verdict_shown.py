"""A DKIM-signed release read from the mailbox: its verdict is recorded once and shown on the
communication in the request's timeline, beside what the receiving server said of SPF and DMARC."""

import base64
from collections import Counter

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select

from foia_tracker.extensions import db
from foia_tracker.mailboxes.models import Mailbox, MessageAuthentication
from foia_tracker.mailboxes.polling import mailbox_poll
from foia_tracker.mailboxes.records import authentication_sweep

from ..conftest import AGENCY_TODAY
from . import messages

RECEIVED = (b"Authentication-Results: mx.affiliate.example;\r\n"
            b" spf=pass smtp.mailfrom=sheriff.example.gov;\r\n"
            b" dkim=pass header.d=sheriff.example.gov;\r\n"
            b" dmarc=pass (p=quarantine) header.from=sheriff.example.gov\r\n")


def signing_pair():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)


def test_the_verdict_of_a_signed_release_is_shown_on_its_communication(
        client, login, make_user, make_request, make_agency, account, connect_mailbox):
    editor = make_user()
    agency = make_agency(name="Washington County Sheriff", email=messages.AGENCY)
    records_request = make_request(editor, agency=agency, sent_on=AGENCY_TODAY)
    private, record = signing_pair()
    release = messages.release_with_pdf(records_request.reference).replace(b"\r\n", b"\n") \
        .replace(b"\n", b"\r\n")
    signed = dkim.sign(release, b"s2026", b"sheriff.example.gov", private,
                       include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    account.append(RECEIVED + signed + release, messages.unmatched())
    looked_up = []

    def dns(name, timeout=5):
        looked_up.append(name)
        return record if name == b"s2026._domainkey.sheriff.example.gov." else None

    mailbox = connect_mailbox(editor.organisation, account)
    result = mailbox_poll(mailbox_id=mailbox.id, dnsfunc=dns)

    assert result.statuses == Counter(filed=1, triage=1)
    assert looked_up == [b"s2026._domainkey.sheriff.example.gov."]
    verdicts = db.session.scalars(select(MessageAuthentication).order_by(
        MessageAuthentication.dkim.desc())).all()
    assert [(v.dkim, v.dkim_domain, v.spf, v.dmarc) for v in verdicts] == [
        ("pass", "sheriff.example.gov", "pass", "pass"), ("none", None, None, None)]
    login(editor)
    page = client.get(f"/requests/{records_request.id}").text
    assert "DKIM pass (sheriff.example.gov)" in page
    assert "SPF pass, DMARC pass" in page
    assert "DKIM: signature of sheriff.example.gov verified. SPF pass, DMARC pass according to " \
           "mx.affiliate.example." in " ".join(page.split())

    # Read again from the start (as after a new UIDVALIDITY): duplicates, whose verdicts are
    # neither checked nor stored a second time.
    db.session.get(Mailbox, mailbox.id).last_uid = 0
    db.session.commit()
    again = mailbox_poll(mailbox_id=mailbox.id, dnsfunc=dns)
    assert again.statuses == Counter(duplicate=2)
    assert len(looked_up) == 1
    assert db.session.scalar(select(func.count()).select_from(MessageAuthentication)) == 2


def test_piped_mail_is_verified_by_the_next_mailbox_run(
        runner, client, login, make_user, make_request, make_agency):
    editor = make_user()
    agency = make_agency(name="Washington County Sheriff", email=messages.AGENCY)
    records_request = make_request(editor, agency=agency, sent_on=AGENCY_TODAY)
    private, record = signing_pair()
    release = messages.release_with_pdf(records_request.reference).replace(b"\r\n", b"\n") \
        .replace(b"\n", b"\r\n")
    signed = dkim.sign(release, b"s2026", b"sheriff.example.gov", private,
                       include_headers=[b"from", b"to", b"subject", b"date", b"message-id"])
    piped = runner.invoke(args=["receive-mail", "--organisation", editor.organisation.code],
                          input=signed + release)
    assert piped.exit_code == 0 and '"status": "filed"' in piped.output
    assert db.session.scalar(select(func.count()).select_from(MessageAuthentication)) == 0

    def dns(name, timeout=5):
        return record if name == b"s2026._domainkey.sheriff.example.gov." else None

    assert authentication_sweep(dnsfunc=dns) == 1
    assert authentication_sweep(dnsfunc=dns) == 0
    login(editor)
    page = " ".join(client.get(f"/requests/{records_request.id}").text.split())
    assert "DKIM pass (sheriff.example.gov), SPF not recorded, DMARC not recorded." in page
