"""Fixtures for mail intake: an organisation with a request, and real messages to receive."""

import json
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import pytest

from tests.files import make_pdf

AGENCY_ADDRESS = "records@sheriff.example.gov"


@pytest.fixture
def receive(runner):
    """Pipe a message to `receive-mail` and return (exit code, printed JSON)."""

    def run(raw: bytes, code: str, *extra: str):
        result = runner.invoke(args=["receive-mail", "--organisation", code, *extra], input=raw)
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            result.exception
        return result.exit_code, json.loads(result.output.strip().splitlines()[-1])

    return run


@pytest.fixture
def editor(make_user):
    return make_user()


@pytest.fixture
def agency(make_agency):
    return make_agency(name="Washington County Sheriff", email=AGENCY_ADDRESS)


@pytest.fixture
def sent_request(make_request, editor, agency):
    """A request sent to the agency, with a tracking number the agency gave it."""
    from tests.conftest import AGENCY_TODAY

    return make_request(editor, agency=agency, sent_on=AGENCY_TODAY,
                        tracking_numbers=["PRR-2026-101"])


def message(*, subject="Your records request", body="Please find our answer.",
            sender=f"Records Unit <{AGENCY_ADDRESS}>", to="records@aclu.example.org",
            date=None, message_id=None, headers=None,
            attachments=()) -> EmailMessage:
    """Return a real message as an agency's mail client would write it."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Date"] = date or formatdate()
    mail["Message-ID"] = message_id or make_msgid(domain="sheriff.example.gov")
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    for name, data, maintype, subtype in attachments:
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return mail


def release_pdf() -> bytes:
    return make_pdf(["Purchase order 4411 for face recognition licences."])
