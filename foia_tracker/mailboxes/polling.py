"""Read new mail from a mailbox in bounded batches and hand each message to mail intake.

The order for each message is: file it (mail intake commits and dedupes by Message-ID and raw
hash), record its authentication verdict, move it to the filed folder if one is set; after the
batch, advance the last UID read. A crash anywhere before the advance means the batch is read
again next time and its stored messages come back as duplicates: never lost, never filed twice.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app

from ..db_types import utcnow
from ..extensions import db
from ..mail_intake.filing import IntakeUnavailable, receive_message
from ..mail_intake.received import RawMail
from ..orgs.models import Organisation
from ..storage import StoreError
from .claims import claim_advance, claim_finish, claim_take
from .connection import FolderMissing, describe_error, ensure_folder, imap_session
from .fetching import (
    CannotMove, folder_uidvalidity, move_message, raw_messages, server_capabilities, uids_after,
)
from .models import Mailbox
from .records import authentication_record
from .sealing import MailboxKeyInvalid, unseal


@dataclass
class PollResult:
    mailbox_id: int
    statuses: Counter = field(default_factory=Counter)
    batches: int = 0
    #: Why nothing was read: another poller holds the mailbox.
    skipped: str | None = None
    error: str | None = None
    #: More messages wait beyond this run's batches; the next run continues.
    more_waiting: bool = False

    @property
    def read(self) -> int:
        return sum(self.statuses.values())

    def __str__(self) -> str:
        if self.skipped:
            return self.skipped
        done = ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()))
        text = f"Read {self.read} new message{'s' if self.read != 1 else ''}" + \
            (f" ({done})" if done else "") + "."
        if self.more_waiting:
            text += " More are waiting and are read on the next run."
        return f"{text} {self.error}" if self.error else text


@dataclass(frozen=True)
class _Settings:
    batch_size: int
    max_batches: int
    timeout: float
    ca_file: str | None
    stale_seconds: float


_UNAVAILABLE = ("The database or document store was unavailable; the messages stay in the "
                "mailbox and are read again next time.")


class _Stop(Exception):
    """The run ends early: the claim was taken over, or filing is unavailable."""


def mailbox_poll(*, mailbox_id: int, now: datetime | None = None, dnsfunc=None,
                 batch_size: int | None = None, max_batches: int | None = None) -> PollResult:
    """Read up to `max_batches` batches of new messages from one mailbox and file each."""
    now = now or utcnow()
    settings = _settings(batch_size, max_batches)
    result = PollResult(mailbox_id)
    token = claim_take(mailbox_id=mailbox_id, now=now,
                       stale_before=now - timedelta(seconds=settings.stale_seconds))
    if token is None:
        result.skipped = "Another check of this mailbox is running; it was left to finish."
        return result
    mailbox = db.session.get(Mailbox, mailbox_id)
    try:
        _read(mailbox, token, settings, result, dnsfunc)
    except _Stop as stop:
        result.error = str(stop) or None
    except MailboxKeyInvalid as error:
        result.error = str(error)
    except Exception as error:  # noqa: BLE001 - recorded in words on the page, retried next run
        db.session.rollback()
        result.error = describe_error(error, host=mailbox.host, port=mailbox.port)
        current_app.logger.warning("mailbox %s: %s", mailbox_id, result.error, exc_info=True)
    claim_finish(mailbox_id=mailbox_id, token=token, now=utcnow(), error=result.error)
    return result


def _settings(batch_size, max_batches) -> _Settings:
    config = current_app.config
    return _Settings(int(batch_size or config["MAILBOX_BATCH_SIZE"]),
                     int(max_batches or config["MAILBOX_MAX_BATCHES"]),
                     float(config["MAILBOX_TIMEOUT_SECONDS"]), config.get("MAILBOX_CA_FILE"),
                     float(config["MAILBOX_CLAIM_STALE_SECONDS"]))


def _read(mailbox: Mailbox, token: str, settings: _Settings, result: PollResult, dnsfunc) -> None:
    password = unseal(current_app.config, mailbox.secret_sealed)
    organisation = db.session.get(Organisation, mailbox.organisation_id)
    with imap_session(host=mailbox.host, port=mailbox.port, security=mailbox.security,
                      username=mailbox.username, password=password, folder=mailbox.folder,
                      ca_file=settings.ca_file, timeout=settings.timeout) as box:
        if mailbox.filed_folder:
            ensure_folder(box, mailbox.filed_folder)
        reader = _Reader(box, mailbox, token, organisation, dnsfunc)
        for _ in range(settings.max_batches):
            uids = uids_after(box, reader.last_uid, limit=settings.batch_size)
            if not uids:
                return
            reader.read_batch(uids, result)
            result.batches += 1
            if len(uids) < settings.batch_size:
                return
        result.more_waiting = bool(uids_after(box, reader.last_uid, limit=1))


class _Reader:
    """One run's reading of one mailbox: where it stands and how each message is handed on."""

    def __init__(self, box, mailbox: Mailbox, token: str, organisation, dnsfunc):
        self.box, self.token, self.organisation, self.dnsfunc = box, token, organisation, dnsfunc
        self.mailbox_id, self.filed_folder = mailbox.id, mailbox.filed_folder
        self.trusted_authserv_id = mailbox.trusted_authserv_id
        self.via = f"mailbox:{mailbox.name}"[:100]
        self.uidvalidity = folder_uidvalidity(box, mailbox.folder)
        # A new UIDVALIDITY renumbered the folder: read it all again; filing dedupes.
        self.last_uid = mailbox.last_uid if mailbox.uidvalidity == self.uidvalidity else 0
        self.capabilities = server_capabilities(box) if self.filed_folder else set()

    def read_batch(self, uids: list[int], result: PollResult) -> None:
        try:
            for uid, raw in raw_messages(self.box, uids):
                try:
                    status = self._store(raw)
                finally:
                    raw.discard()
                result.statuses[status] += 1
                if self.filed_folder:
                    move_message(self.box, uid, self.filed_folder, self.capabilities)
        except StoreError as error:  # the message could not even be spooled to disk
            raise _Stop(_UNAVAILABLE) from error
        # Once per batch: after a crash mid-batch the batch is read again and its stored
        # messages come back as duplicates. Messages expunged since the search are passed.
        self._advance(max(uids))

    def _store(self, raw: RawMail) -> str:
        try:
            filing = receive_message(self.organisation, raw, via=self.via)
        except IntakeUnavailable as error:
            raise _Stop(_UNAVAILABLE) from error
        authentication_record(organisation_id=self.organisation.id, raw=raw,
                              dnsfunc=self.dnsfunc, trusted_authserv_id=self.trusted_authserv_id)
        return filing.status

    def _advance(self, uid: int) -> None:
        self.last_uid = max(self.last_uid, uid)
        if not claim_advance(mailbox_id=self.mailbox_id, token=self.token,
                             uidvalidity=self.uidvalidity, last_uid=self.last_uid, now=utcnow()):
            raise _Stop("Another check took this mailbox over; it carries on from here.")
