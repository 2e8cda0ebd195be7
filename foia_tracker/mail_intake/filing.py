"""Receive one message: keep it as received, then file it, wait in the inbox, or set it aside.

The one filing path of the pipe command and of the mailboxes. Order, for never losing and
never doubling a message: the raw bytes reach the store first (content-addressed, so a retry
rewrites nothing); then one transaction writes the message's row, under a unique key, with
everything filed from it. A crash before the commit leaves only bytes the retry reuses; a
crash after it makes the retry a duplicate.
"""

from dataclasses import dataclass, field
from typing import BinaryIO

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError

from ..agencies.failures import address_failures_clear_by_reply, address_failures_record
from ..db_types import utcnow
from ..documents.services import QuotaExceeded
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from ..storage import StoreError, document_store
from ..users.models import User
from .classify import Nature, nature_of
from .file_on import file_on_requests
from .fingerprint import dedupe_key
from .match import match_message
from .models import IntakeMessage, MailFiling, MailNature, MailState
from .parse import ParsedMail
from .received import RawMail, raw_copied, raw_spooled, read_received

#: The database or the store cannot be reached: the caller should try again later.
_UNAVAILABLE = (StoreError, OperationalError, InterfaceError, DisconnectionError, OSError)
_SET_ASIDE = (MailNature.auto_reply, MailNature.bounce, MailNature.delay)


class IntakeUnavailable(Exception):
    """The message could not be stored now (database or document store down); retry later."""


@dataclass
class FilingResult:
    #: "filed", "triage", "duplicate" or "ignored" (an auto-reply or bounce, still kept).
    status: str
    request: str | None = None
    communication_id: int | None = None
    documents: list[str] = field(default_factory=list)
    reason: str = ""
    intake_message_id: int | None = None

    def as_json(self) -> dict:
        return {"status": self.status, "request": self.request,
                "communication_id": self.communication_id, "documents": list(self.documents),
                "reason": self.reason}


def receive_message(organisation: Organisation, raw: bytes | BinaryIO | RawMail, *, via: str,
                    recipients: tuple[str, ...] = ()) -> FilingResult:
    """Keep and file one RFC 5322 message; raise IntakeUnavailable if it cannot be stored now.

    `raw` is the message's bytes, a stream of them (read in chunks: a pipe), or a message
    already spooled to disk. `recipients` are envelope addresses the mail server names (its
    records+REF address).
    """
    organisation_id = organisation.id
    spooled = None
    try:
        if not isinstance(raw, RawMail):
            raw = spooled = raw_spooled(raw)
        return _receive(organisation_id, raw, via, tuple(recipients))
    except _UNAVAILABLE as error:
        db.session.rollback()
        raise IntakeUnavailable(f"The message could not be stored now: {_words(error)}") \
            from error
    finally:
        if spooled is not None:
            spooled.discard()


def _receive(organisation_id: int, raw: RawMail, via: str, recipients: tuple[str, ...]):
    key, message_id = dedupe_key(raw.chunks())
    if (existing := _existing(organisation_id, key)) is not None:
        return duplicate_result(existing)
    raw_sha256 = _keep_raw(raw)
    mail = read_received(raw)
    nature = _nature(mail)
    for attempt in range(3):
        row = _new_row(organisation_id, key, message_id, raw_sha256, raw.size, via, mail, nature)
        try:
            result = _told_kept_whole(row, mail, _decide(row, mail, nature, raw, recipients))
            db.session.commit()
            return result
        except IntegrityError:
            db.session.rollback()
            # Another receiver filed the same message first (or took the same exhibit numbers).
            if (existing := _existing(organisation_id, key)) is not None:
                return duplicate_result(existing)
            if attempt == 2:
                return _triage_after_failure(organisation_id, key, message_id, raw_sha256, raw,
                                             via, mail, nature, "its documents could not be "
                                             "numbered")
        except _UNAVAILABLE:
            raise
        except QuotaExceeded as error:
            db.session.rollback()
            return _triage_after_failure(organisation_id, key, message_id, raw_sha256, raw, via,
                                         mail, nature, str(error))
        except Exception as error:  # noqa: BLE001  (never lose a message to a filing bug)
            db.session.rollback()
            current_app.logger.exception("Filing a received message failed")
            return _triage_after_failure(organisation_id, key, message_id, raw_sha256, raw, via,
                                         mail, nature, f"it could not be filed automatically "
                                         f"({type(error).__name__})")
    raise AssertionError("unreachable")


def _told_kept_whole(row: IntakeMessage, mail: ParsedMail, result: FilingResult) -> FilingResult:
    # A message too large to unpack is never dropped quietly: whoever reads the row is told.
    if mail.kept_whole:
        row.reason = result.reason = f"{row.reason}{kept_whole_words(mail)}".strip()
    return result


def kept_whole_words(mail: ParsedMail) -> str:
    """Return " Message of N MB: attachments were not unpacked...", or "" for a message read."""
    return f" {mail.kept_whole[0].upper()}{mail.kept_whole[1:]}." if mail.kept_whole else ""


def _decide(row: IntakeMessage, mail: ParsedMail, nature: Nature, raw: RawMail,
            recipients: tuple[str, ...]) -> FilingResult:
    db.session.add(row)
    organisation = db.session.get(Organisation, row.organisation_id)
    if nature.nature is MailNature.reply and _is_staff(row.organisation_id, mail.from_address):
        row.nature = MailNature.sent_copy.name
    _repair_contacts(row, mail, nature)
    match = match_message(organisation, mail, extra_thread_ids=nature.returned_ids,
                          recipients=recipients)
    if nature.nature in _SET_ASIDE:
        return _set_aside(row, nature, match.found)
    if match.is_confident:
        request = _request(match.found[0].request_id)
        row.reason = f"Filed on {match.found[0].reference}: {match.found[0].reason}."
        filings = file_on_requests(row, mail, raw, [request], actor=None)
        return filed_result(row, filings)
    row.state = MailState.triage.name
    row.guesses = [c.as_json() for c in (match.found or match.guesses)]
    row.reason = triage_reason(mail, nature, match)
    db.session.flush()
    return FilingResult("triage", reason=row.reason, intake_message_id=row.id)


def _repair_contacts(row: IntakeMessage, mail: ParsedMail, nature: Nature) -> None:
    # A bounce marks the records addresses it names failing; mail from an address proves it works.
    if nature.nature is MailNature.bounce and nature.failed:
        db.session.flush()
        address_failures_record(organisation_id=row.organisation_id, intake_message_id=row.id,
                                failed=[(f.address, f.reason) for f in nature.failed],
                                at=utcnow())
    elif row.nature == MailNature.reply.name:
        address_failures_clear_by_reply(address=mail.from_address, at=utcnow())


def _set_aside(row: IntakeMessage, nature: Nature, found) -> FilingResult:
    row.state = MailState.ignored.name
    row.reason = f"Kept, not counted as an answer: {nature.reason}."
    for candidate in found:
        row.filings.append(MailFiling(request_id=candidate.request_id,
                                      kind_reason=candidate.reason))
    db.session.flush()
    return FilingResult("ignored", request=found[0].reference if found else None,
                        reason=row.reason, intake_message_id=row.id)


def triage_reason(mail: ParsedMail, nature: Nature, match) -> str:
    """Return why a message waits in the inbox, in words."""
    if nature.nature is MailNature.unreadable:
        return f"It could not be read ({nature.reason}); it is kept whole."
    if match.found:
        names = ", ".join(c.reference for c in match.found)
        return f"It names {len(match.found)} requests ({names}); file it on each or pick one."
    if match.guesses:
        return "It matches no request for sure; " + "; ".join(
            f"{c.reference}: {c.reason}" for c in match.guesses[:5]) + "."
    return "It matches no request: no reference, tracking number, thread or known sender."


def filed_result(row: IntakeMessage, filings: list[MailFiling]) -> FilingResult:
    """Return the result of a message filed on one or more requests."""
    first = filings[0]
    return FilingResult("filed", request=first.request.reference,
                        communication_id=first.communication_id, documents=list(first.exhibits),
                        reason=row.reason, intake_message_id=row.id)


def duplicate_result(existing: IntakeMessage) -> FilingResult:
    """Return the result for a message already received."""
    first = existing.filings[0] if existing.filings else None
    return FilingResult(
        "duplicate", request=first.request.reference if first else None,
        communication_id=first.communication_id if first else None,
        documents=list(first.exhibits) if first else [],
        reason=f"Already received on {existing.received_at:%Y-%m-%d %H:%M} UTC "
               f"({MailState[existing.state].value.lower()}).",
        intake_message_id=existing.id)


def _triage_after_failure(organisation_id, key, message_id, raw_sha256, raw, via, mail, nature,
                          why: str) -> FilingResult:
    row = _new_row(organisation_id, key, message_id, raw_sha256, raw.size, via, mail, nature)
    row.state = MailState.triage.name
    row.reason = f"Kept in the inbox: {why}.{kept_whole_words(mail)}"
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return duplicate_result(_existing(organisation_id, key))
    return FilingResult("triage", reason=row.reason, intake_message_id=row.id)


def _existing(organisation_id: int, key: str) -> IntakeMessage | None:
    return db.session.scalar(select(IntakeMessage).where(
        IntakeMessage.organisation_id == organisation_id, IntakeMessage.dedupe_key == key))


def _keep_raw(raw: RawMail) -> str:
    store = document_store()
    staged = store.stage()
    try:
        return store.keep(raw_copied(raw, staged))
    finally:
        staged.discard()


def _nature(mail: ParsedMail) -> Nature:
    if mail.message is None:
        return Nature(MailNature.unreadable, mail.problem or "the message could not be read")
    try:
        return nature_of(mail)
    except Exception:  # noqa: BLE001  (a hostile report must not stop the filing)
        return Nature(MailNature.reply, "")


def _new_row(organisation_id, key, message_id, raw_sha256, size, via, mail: ParsedMail,
             nature: Nature) -> IntakeMessage:
    return IntakeMessage(
        organisation_id=organisation_id, dedupe_key=key, message_id=message_id,
        raw_sha256=raw_sha256, raw_size=size, via=via[:100], sent_at=mail.sent_at,
        from_address=mail.from_address[:254], from_name=mail.from_name[:200],
        subject=mail.subject[:300], body=mail.text[:200_000],
        thread_ids=" ".join(mail.thread_ids)[:10_000], nature=nature.nature.name,
        attachment_names=[a.name for a in mail.attachments][:200], guesses=[])


def _is_staff(organisation_id: int, address: str) -> bool:
    if not address:
        return False
    return db.session.scalar(select(User.id).where(
        User.organisation_id == organisation_id, func.lower(User.email) == address).limit(1)) is not None


def _request(request_id: int) -> RecordsRequest:
    return db.session.get(RecordsRequest, request_id)


def _words(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0][:300]
