"""Open a mailbox over TLS with imap-tools, and say in words why it could not be read."""

import imaplib
import socket
import ssl
from contextlib import contextmanager

from imap_tools import MailBox, MailBoxStartTls
from imap_tools.errors import (
    ImapToolsError, MailboxFolderSelectError, MailboxLoginError, MailboxStarttlsError,
)

from .fetching import CannotMove
from .models import Security


class FolderMissing(Exception):
    """A folder the mailbox is set to use does not exist on the server."""


@contextmanager
def imap_session(*, host: str, port: int, security: Security, username: str, password: str,
                 folder: str, ca_file: str | None, timeout: float):
    """Log in, select the folder read-write (a move needs it) and yield the imap-tools box."""
    context = ssl.create_default_context(cafile=ca_file) if ca_file else \
        ssl.create_default_context()
    if security is Security.starttls:
        box = MailBoxStartTls(host, port, timeout=timeout, ssl_context=context)
    else:
        box = MailBox(host, port, timeout=timeout, ssl_context=context)
    try:
        box.login(username, password, initial_folder=None)
        try:
            box.folder.set(folder)
        except MailboxFolderSelectError as error:
            raise FolderMissing(f"The folder “{folder}” does not exist on the server.") from error
        yield box
    finally:
        _close(box)


def ensure_folder(box, folder: str) -> None:
    """Raise FolderMissing unless the folder exists (checked before anything is moved there)."""
    if not box.folder.exists(folder):
        raise FolderMissing(f"The folder “{folder}” for filed messages does not exist on the "
                            "server; create it or clear the setting.")


def describe_error(error: BaseException, *, host: str, port: int) -> str:
    """Return what went wrong in words an admin can act on, never a trace."""
    if isinstance(error, (FolderMissing, CannotMove)):
        return str(error)
    if isinstance(error, MailboxLoginError):
        return "Authentication failed: the server refused the user name or password."
    if isinstance(error, ssl.SSLCertVerificationError):
        return (f"TLS error: the certificate of {host} is not trusted "
                f"({error.verify_message or 'verification failed'}).")
    if isinstance(error, (ssl.SSLError, MailboxStarttlsError)):
        return f"TLS error: no secure connection could be made with {host}:{port}."
    if isinstance(error, socket.gaierror):
        return f"Host unreachable: the name {host} was not found."
    if isinstance(error, ConnectionRefusedError):
        return f"Host unreachable: {host} refused connections on port {port}."
    if isinstance(error, (TimeoutError, socket.timeout)):
        return f"Host unreachable: {host}:{port} did not answer in time."
    if isinstance(error, (imaplib.IMAP4.error, ImapToolsError)):
        return "The mail server refused a command; the mailbox is read again next time."
    if isinstance(error, OSError):
        return f"Host unreachable: the connection to {host}:{port} failed ({error.strerror or error})."
    return "The mailbox could not be read; it is tried again next time."


def _close(box) -> None:
    # The session may already be gone (login refused, connection dropped): leave quietly.
    try:
        if getattr(box, "login_result", None):
            box.logout()
        else:
            box.client.shutdown()
    except (OSError, imaplib.IMAP4.error, ImapToolsError):
        pass
