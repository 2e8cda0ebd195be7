"""Use-cases of the inbox: file a waiting message on requests, dismiss it, confirm a kind."""

from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from ..communications.services import communication_update
from ..communications.status import Kind, expected_direction
from ..db_types import utcnow
from ..extensions import db
from ..records.models import RecordsRequest
from ..storage import document_store
from ..users.models import User
from .file_on import file_on_requests
from .filing import FilingResult, filed_result, kept_whole_words
from .models import IntakeMessage, MailFiling, MailState
from .received import RawMail, read_received


class InboxRefused(Exception):
    """The message is no longer waiting, or the choice makes no sense; nothing changed."""

    status = 409


def inbox_file(*, message: IntakeMessage, requests: list[RecordsRequest],
               actor: User) -> FilingResult:
    """File a waiting message on these requests: one stored copy, a communication on each."""
    if not requests:
        raise InboxRefused("Choose at least one request.")
    message_id, request_ids = message.id, [r.id for r in requests]
    # The kept original is read from a local file in chunks, as when it arrived: never whole.
    with document_store().local_copy(message.raw_sha256) as path:
        raw = RawMail(path, path.stat().st_size, message.raw_sha256)
        mail = read_received(raw)
        for attempt in range(3):
            message = _waiting(message_id)
            requests = [db.session.get(RecordsRequest, i) for i in request_ids]
            try:
                return _file_from_inbox(message, mail, raw, requests, actor)
            except IntegrityError:
                db.session.rollback()
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _file_from_inbox(message: IntakeMessage, mail, raw: RawMail, requests, actor: User):
    filings = file_on_requests(message, mail, raw, requests, actor=actor)
    message.reason = "Filed from the inbox on " + ", ".join(r.reference for r in requests) + \
        "." + kept_whole_words(mail)
    message.decided_by, message.decided_at = actor, utcnow()
    result = filed_result(message, filings)
    db.session.commit()
    return result


def inbox_dismiss(*, message: IntakeMessage, actor: User) -> None:
    """Set a waiting message aside; it stays kept and can still be read."""
    _waiting(message.id)
    message.state = MailState.dismissed.name
    message.decided_by, message.decided_at = actor, utcnow()
    message.reason = f"Dismissed by {actor.name}."
    db.session.commit()


def filing_confirm_kind(*, filing: MailFiling, kind: Kind) -> None:
    """Log the filed message as this kind; only now does it move the request's deadlines."""
    communication = filing.communication
    if communication is None or filing.is_kind_confirmed:
        raise InboxRefused("This message's kind was already confirmed.")
    direction = expected_direction(kind) or communication.direction
    filing.is_kind_confirmed = True
    try:
        communication_update(communication=communication,
                             values={"kind": kind, "direction": direction})
    except BaseException:
        # communication_update refused before changing anything; the flag goes back too.
        filing.is_kind_confirmed = False
        raise


def inbox_messages(organisation_id: int, state: MailState, *, limit: int = 100):
    """Return the organisation's messages in this state, newest first."""
    return db.session.scalars(select(IntakeMessage).where(
        IntakeMessage.organisation_id == organisation_id, IntakeMessage.state == state.name)
        .order_by(IntakeMessage.received_at.desc(), IntakeMessage.id.desc()).limit(limit)).all()


def request_mail(request_id: int) -> list[MailFiling]:
    """Return the messages filed on (or set aside for) a request, oldest first."""
    return db.session.scalars(_request_mail_statement(), {"request_id": request_id}).all()


@cache
def _request_mail_statement():
    # Built once: the request page runs it on every view.
    return (select(MailFiling).where(MailFiling.request_id == bindparam("request_id"))
            .order_by(MailFiling.id))


def _waiting(message_id: int) -> IntakeMessage:
    message = db.session.get(IntakeMessage, message_id)
    if message.state != MailState.triage.name:
        raise InboxRefused(f"This message is no longer waiting in the inbox "
                           f"({MailState[message.state].value.lower()}).")
    return message
