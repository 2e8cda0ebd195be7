"""A real SMTP server on 127.0.0.1 for the outbox tests, and helpers to queue messages."""

import asyncio
import email
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.mail.outbox import outbox_enqueue

@dataclass
class Received:
    """One message as the server took it: the envelope and the parsed e-mail."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class RecordingHandler:
    """Accept every message except for the refused recipients, and keep what arrived."""

    def __init__(self):
        self.received: list[Received] = []
        self.refusals: dict[str, str] = {}
        self.is_dropping = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=default_policy)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        if self.is_dropping:
            # Runs after the reply below is written: the client sees a server that hangs up
            # between messages, as one with a per-connection message cap does.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"


class LocalSmtpServer:
    """An aiosmtpd server on a free local port that can be stopped and started again."""

    def __init__(self):
        self.host = "127.0.0.1"
        self.port = _free_port(self.host)
        self.handler = RecordingHandler()
        self.controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def refuse(self, address: str, reply: str | None = None) -> None:
        """Answer RCPT TO for this address with a refusal (550 unless told) from now on."""
        self.handler.refusals[address] = reply or \
            f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"

    def drop_after_each_message(self) -> None:
        """Close the connection after every accepted message."""
        self.handler.is_dropping = True

    def start(self) -> None:
        """Listen on the same port again (a new controller: a stopped one cannot restart)."""
        if self.controller is None:
            self.controller = Controller(self.handler, hostname=self.host, port=self.port)
            self.controller.start()

    def stop(self) -> None:
        """Stop listening, so connections are refused."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def recipients(self) -> list[str]:
        """Return every envelope recipient received, one entry per delivered copy."""
        return [address for item in self.received for address in item.rcpt_tos]


def _free_port(host: str) -> int:
    # Controller(port=0) cannot work: it connects to its own port to check it is up.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    server = LocalSmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def now() -> datetime:
    """Return the sweep instant: a little after the test queues its messages, which are due."""
    return utcnow().replace(microsecond=0) + timedelta(minutes=5)


@pytest.fixture
def mail_config(app, smtp_server):
    """Return the app's configuration pointed at the local server."""
    return {**app.config, "MAIL_SERVER": smtp_server.host, "MAIL_PORT": smtp_server.port,
            "MAIL_TIMEOUT_SECONDS": 5, "MAIL_MAX_ATTEMPTS": 3, "MAIL_RETRY_BASE_SECONDS": 60,
            "MAIL_DEFAULT_SENDER": "FOIA Tracker <alerts@foia.example.org>"}


@pytest.fixture
def queue_mail(app):
    """Return a function that queues and commits one message, returning its key."""
    counter = iter(range(1, 1_000_000))

    def queue(to_address=None, organisation=None, **values) -> str:
        n = next(counter)
        key = values.pop("key", f"test:{n}")
        outbox_enqueue(key=key, organisation_id=organisation.id if organisation else None,
                       kind=values.pop("kind", "digest"),
                       to_address=to_address or f"reader{n}@example.org",
                       subject=values.pop("subject", f"Deadlines this week ({n})"),
                       text_body=values.pop("text_body", f"Plain body {n}"),
                       html_body=values.pop("html_body", f"<p>HTML body {n}</p>"))
        db.session.commit()
        return key

    return queue
