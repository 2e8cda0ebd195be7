"""Hostile and broken mail never crashes, loops or is lost: each ends stored in some state."""

import pytest
from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.mail_intake.models import IntakeMessage
from foia_tracker.storage import document_store


def _kept(printed) -> IntakeMessage:
    assert printed["status"] in ("filed", "triage", "ignored"), printed
    row = db.session.scalar(select(IntakeMessage).order_by(IntakeMessage.id.desc()))
    assert document_store().exists(row.raw_sha256)
    return row


def _raw(reference: str, body: str, *, headers: str = "", content_type="text/plain") -> bytes:
    return (f"From: Records <records@sheriff.example.gov>\nTo: records+{reference}@aclu.example.org\n"
            f"Subject: Re: {reference}\nDate: Mon, 16 Nov 2026 09:00:00 +0000\n"
            f"Message-ID: <{abs(hash(body))}@sheriff.example.gov>\n{headers}"
            f"MIME-Version: 1.0\nContent-Type: {content_type}\n\n{body}").encode("utf-8", "surrogateescape")


HOSTILE = {
    "no final boundary": lambda ref: _raw(
        ref, "--B\nContent-Type: text/html\n\n<p>Acknowledged.</p>\n--B\nContent-Type: text/pl",
        content_type='multipart/mixed; boundary="B"'),
    "unknown charset": lambda ref: _raw(ref, "Caf\xe9 records.",
                                        content_type="text/plain; charset=x-klingon"),
    "bad UTF-8 in headers": lambda ref: _raw(ref, "Body.", headers="X-Note: \udcff\udcfe bad\n"),
    "encoded words, broken": lambda ref: _raw(
        ref, "Body.", headers="Cc: =?utf-8?b?////?= <cc@example.org>\n"
                              "Reply-To: =?x-unknown?q?=FF?= <r@example.org>\n"),
    "garbage base64 attachment": lambda ref: _raw(
        ref, '--B\nContent-Type: text/plain\n\nHi\n--B\nContent-Type: application/pdf; '
             'name="a.pdf"\nContent-Transfer-Encoding: base64\n\n!!!!@@@@====\n--B--\n',
        content_type='multipart/mixed; boundary="B"'),
    "not an e-mail at all": lambda ref: bytes(range(256)) * 40,
    "empty": lambda ref: b"",
}


@pytest.mark.parametrize("case", HOSTILE)
def test_broken_mail_is_kept(case, receive, sent_request):
    code, printed = receive(HOSTILE[case](sent_request.reference), sent_request.organisation.code)
    assert code == 0
    _kept(printed)


def test_traversal_and_non_utf8_attachment_names_are_cleaned(receive, sent_request):
    raw = _raw(sent_request.reference,
               '--B\nContent-Type: text/plain\n\nSee attached.\n'
               '--B\nContent-Type: text/plain; name="../../etc/passwd"\n'
               'Content-Disposition: attachment; filename="../../etc/passwd"\n\nroot:x:0:0\n'
               "--B\nContent-Type: text/plain\nContent-Disposition: attachment; "
               "filename*=iso-8859-1''r%E9sum%E9%0A.txt\n\nCV\n"
               '--B\nContent-Type: text/plain\nContent-Disposition: attachment; '
               'filename="\udce9t\udce9.txt"\n\nsummer\n--B--\n',
               content_type='multipart/mixed; boundary="B"')
    code, printed = receive(raw, sent_request.organisation.code)
    assert printed["status"] == "filed"
    names = db.session.scalars(select(Document.original_name).order_by(Document.sequence)).all()
    assert names[1] == "passwd"
    assert names[2] == "résumé.txt"
    assert "/" not in names[3] and names[3].endswith(".txt")


def test_html_only_mail_is_read_as_text_and_never_rendered(client, login, editor, receive,
                                                           sent_request):
    html = ("<html><head><script>alert('x')</script><style>p{}</style></head><body>"
            "<p>Your request is <b>acknowledged</b>.</p><img src=x onerror=alert(1)></body></html>")
    code, printed = receive(_raw(sent_request.reference, html, content_type="text/html"),
                            sent_request.organisation.code)
    communication = db.session.get(Communication, printed["communication_id"])
    assert communication.body == "Your request is acknowledged."
    login(editor)
    page = client.get(f"/requests/{sent_request.id}")
    assert "alert(" not in page.text and "onerror" not in page.text


def test_deeply_nested_parts_are_bounded_and_the_message_kept_whole(receive, sent_request):
    depth = 200
    body = "".join(f'--B{i}\nContent-Type: multipart/mixed; boundary="B{i + 1}"\n\n'
                   for i in range(depth)) + "--B200\nContent-Type: text/plain\n\nDeep.\n"
    code, printed = receive(_raw(sent_request.reference, body,
                                 content_type='multipart/mixed; boundary="B0"'),
                            sent_request.organisation.code)
    assert code == 0
    row = _kept(printed)
    assert row.raw_size > 200 * 40


def test_a_message_over_the_size_bound_is_kept_whole_unread(app, receive, sent_request):
    app.config["MAIL_INTAKE_MAX_MESSAGE_BYTES"] = 2000
    raw = _raw(sent_request.reference, "x" * 5000)
    code, printed = receive(raw, sent_request.organisation.code)
    assert code == 0 and printed["status"] == "filed"
    assert printed["documents"] == [f"{sent_request.reference}-001"]
    with document_store().open(db.session.scalar(select(Document.sha256))) as stored:
        assert stored.read() == raw


def test_an_unknown_organisation_defers_the_message(receive, sent_request):
    code, printed = receive(b"From: a@b.example\n\nHi", "NOPE")
    assert code == 75 and printed["status"] == "deferred"
    assert "no organisation with the code 'NOPE'" in printed["reason"]
