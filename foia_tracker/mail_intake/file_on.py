"""File a received message on requests: a communication each, its documents stored once.

Runs inside the caller's unit of work; the caller commits (and retries on IntegrityError).
"""

from ..communications.models import Communication
from ..communications.status import Direction, Kind, Status
from ..db_types import utcnow
from ..documents.services import documents_add
from ..extensions import db
from ..records.models import RecordsRequest
from ..users.models import User
from ..web.dates import local_today
from .classify import kind_of
from .models import IntakeMessage, MailFiling, MailNature, MailState
from .parse import ParsedMail
from .received import RawMail
from .staging import discard, stage_message


def file_on_requests(row: IntakeMessage, mail: ParsedMail, raw: RawMail,
                     requests: list[RecordsRequest], *, actor: User | None) -> list[MailFiling]:
    """Log the message on each request with its documents: one stored copy, each request's own.

    The kind is only proposed: the communication is a note ("received, kind unconfirmed")
    until a person confirms, because the kind moves the statutory deadlines.
    """
    incoming, notes = stage_message(mail, raw)
    try:
        # Each request gets its own exhibits of the same stored bytes, linked to its own
        # communication: the later requests' evidence must not live on the first request.
        filed: list[int] = []
        filings = [_file_on(row, mail, request, incoming, actor, filed) for request in requests]
    finally:
        discard(incoming)
    row.state = MailState.filed.name
    if notes:
        row.reason = (row.reason + " " + "; ".join(notes) + ".").strip()
    return filings


def _file_on(row: IntakeMessage, mail: ParsedMail, request: RecordsRequest, incoming,
             actor: User | None, filed: list[int]) -> MailFiling:
    is_ours = row.nature == MailNature.sent_copy.name
    # By its id, not appended to request.communications: that would load the whole timeline.
    communication = Communication(
        request_id=request.id, direction=Direction.sent if is_ours else Direction.received,
        kind=Kind.note, occurred_on=_occurred_on(mail, request), summary=_summary(mail, is_ours),
        body=mail.text[:200_000], created_by=actor)
    db.session.add(communication)
    db.session.flush()
    result = documents_add(request=request, communication=communication, actor=actor,
                           incoming=incoming, filed_alongside=filed)
    exhibits = [d.exhibit_number for d in result.created] + \
        [d.existing.exhibit_number for d in result.duplicates]
    kind, reason = _proposed(mail, request, is_ours, has_documents=len(incoming) > 1)
    filing = MailFiling(request=request, communication=communication,
                        proposed_kind=kind.name if kind else None, kind_reason=reason,
                        exhibits=exhibits)
    row.filings.append(filing)
    db.session.flush()
    filed.extend(document.id for document in result.created)
    return filing


def _proposed(mail: ParsedMail, request: RecordsRequest, is_ours: bool, *,
              has_documents: bool) -> tuple[Kind | None, str]:
    if is_ours:
        if request.status is Status.draft:
            return Kind.request_sent, "a copy of our own message, and the request is a draft"
        return None, "a copy of our own message (our follow-up)"
    return kind_of(mail.subject, mail.text, has_documents=has_documents)


def _occurred_on(mail: ParsedMail, request: RecordsRequest):
    jurisdiction = request.agency.jurisdiction if request.agency else None
    today = local_today(jurisdiction, utcnow())
    if mail.sent_at is None:
        return today
    # The date where the agency is; a Date header in the future is the sender's wrong clock.
    return min(local_today(jurisdiction, mail.sent_at), today)


def _summary(mail: ParsedMail, is_ours: bool) -> str:
    who = "Our e-mail" if is_ours else f"E-mail from {mail.from_name or mail.from_address or 'unknown sender'}"
    return f"{who}: {mail.subject or '(no subject)'}"[:300]
