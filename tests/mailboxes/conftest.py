"""Mailbox fixtures: one real Dovecot per run, a fresh IMAP account per test, no DNS."""

import itertools
import os
import ssl
from dataclasses import dataclass

import dkim
import pytest
from cryptography.fernet import Fernet
from imap_tools import MailBox

from foia_tracker.mailboxes.models import Security
from foia_tracker.mailboxes.services import mailbox_create
from foia_tracker.users.models import Role

from .dovecot import DOVECOT, ImapServer, dovecot_server

_accounts = itertools.count(1)


@pytest.fixture(scope="session")
def imap_server(tmp_path_factory) -> ImapServer:
    """Start Dovecot on 127.0.0.1 once per run; skip (fail under CI) when it is not installed."""
    if DOVECOT is None:
        reason = "the mailbox tests need Dovecot (on Debian: apt-get install dovecot-imapd)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run them, not skip them", pytrace=False)
        pytest.skip(reason)
    with dovecot_server(tmp_path_factory.mktemp("dovecot")) as server:
        yield server


@dataclass
class Account:
    """A mailbox of its own on the test server, reached as any mail client would."""

    server: ImapServer
    user: str

    def box(self, folder="INBOX") -> MailBox:
        context = ssl.create_default_context(cafile=self.server.ca_file)
        return MailBox(self.server.host, self.server.port, ssl_context=context,
                       timeout=10).login(self.user, self.server.password, initial_folder=folder)

    def append(self, *messages: bytes, folder="INBOX") -> None:
        with self.box(folder) as box:
            for raw in messages:
                box.append(raw, folder)

    def flags(self, folder="INBOX") -> dict[str, set[str]]:
        """Return each message's persistent flags by UID (\\Recent belongs to the session)."""
        with self.box(folder) as box:
            return {message.uid: set(message.flags) - {"\\Recent"}
                    for message in box.fetch(mark_seen=False, headers_only=True)}

    def create_folder(self, name: str) -> None:
        with self.box() as box:
            box.folder.create(name)


@pytest.fixture
def account(imap_server) -> Account:
    # The server accepts any user name with its password: each test gets an empty maildir.
    return Account(imap_server, f"records{next(_accounts)}-{os.getpid()}@affiliate.example")


@pytest.fixture
def mailbox_key(app) -> str:
    key = Fernet.generate_key().decode()
    app.config["MAILBOX_KEY"] = key
    return key


@pytest.fixture
def trust_test_server(app, imap_server, mailbox_key):
    """Make the app trust the test server's self-signed certificate."""
    app.config["MAILBOX_CA_FILE"] = imap_server.ca_file


@pytest.fixture
def connect_mailbox(app, trust_test_server):
    """Connect a mailbox of an organisation to an account on the test server."""

    def connect(organisation, account: Account, *, password=None, **values):
        settings = {"name": values.pop("name", f"Inbox of {account.user}"),
                    "host": account.server.host, "port": account.server.port,
                    "security": Security.tls, "username": account.user, "folder": "INBOX",
                    "filed_folder": None, "trusted_authserv_id": None, **values}
        return mailbox_create(organisation_id=organisation.id, values=settings,
                              password=password or account.server.password)

    return connect


@pytest.fixture
def admin(make_user):
    return make_user(Role.admin)


@pytest.fixture(autouse=True)
def no_dns(monkeypatch):
    """Fail any test whose DKIM check would ask the real DNS for a key."""
    asked = []

    def refuse(name, timeout=5):
        asked.append(name)
        return None

    monkeypatch.setattr(dkim.dnsplug, "get_txt", refuse)
    yield
    assert not asked, f"a test looked up {asked} in the real DNS"
