"""Use-cases for the timeline: log, correct and remove communications."""

from sqlalchemy import select

from ..documents.models import Document
from ..extensions import db
from ..records.models import RecordsRequest
from ..records.services import request_followups_refresh, timeline_changed, timeline_entries
from ..users.models import User
from .models import Communication
from .status import Entry, Kind, TransitionRefused, timeline_status


def communication_log(*, request: RecordsRequest, actor: User, values: dict,
                      draft_followups: bool = True) -> Communication:
    """Add a communication; refused (nothing changed) when the status machine does not allow it.

    draft_followups=False leaves the request's next follow-up to the caller (a follow-up sent).
    """
    communication_log_check(request=request, values=values)
    communication = Communication(created_by=actor, **values)
    with db.session.no_autoflush:
        request.communications.append(communication)
        _after_change(request, communication, reason=f"{communication.kind.value} logged",
                      draft_followups=draft_followups)
    db.session.commit()
    return communication


def communication_log_check(*, request: RecordsRequest, values: dict) -> None:
    """Raise TransitionRefused when the timeline does not allow logging this communication."""
    _check(request, None, Entry(values["occurred_on"], None, values["kind"]))


def communication_update(*, communication: Communication, values: dict) -> None:
    """Correct a communication; refused (nothing changed) when the timeline would stop making sense."""
    _check(communication.request, communication, Entry(
        values.get("occurred_on", communication.occurred_on), communication.id,
        values.get("kind", communication.kind)))
    with db.session.no_autoflush:
        for key, value in values.items():
            setattr(communication, key, value)
        _after_change(communication.request, communication,
                      reason=f"{communication.kind.value} corrected")
    db.session.commit()


class CommunicationHasDocuments(Exception):
    """Documents came with this communication; removing it would orphan their provenance."""


def communication_delete(*, communication: Communication) -> None:
    """Remove a communication logged in error; refused while documents are attached to it."""
    _refuse_if_documents_attached(communication)
    request = communication.request
    _check(request, communication, None)
    with db.session.no_autoflush:
        request.communications.remove(communication)
        if communication.kind is Kind.request_sent:
            request.sent_on = None
        _after_change(request, None, reason=f"{communication.kind.value} removed")
    db.session.commit()


def _refuse_if_documents_attached(communication: Communication) -> None:
    # Deleted documents count too: their rows (and the evidence record) still point here.
    exhibits = list(db.session.scalars(
        select(Document.exhibit_number).where(Document.communication_id == communication.id)
        .order_by(Document.sequence)))
    if exhibits:
        shown = ", ".join(exhibits[:5])
        if len(exhibits) > 5:
            shown += f" and {len(exhibits) - 5} more"
        raise CommunicationHasDocuments(
            f"{len(exhibits)} document(s) came with this {communication.kind.value.lower()} "
            f"({shown}); it cannot be removed from the timeline while they are attached.")


def _check(request: RecordsRequest, replaced: Communication | None, entry: Entry | None) -> None:
    """Raise TransitionRefused unless the timeline still makes sense with `replaced` now `entry`."""
    # A check writes nothing: the caller's pending changes stay unflushed.
    with db.session.no_autoflush:
        entries = timeline_entries(request, leaving_out=replaced)
    if entry is not None and entry.kind is Kind.request_sent and request.sent_on is not None and \
            any(e.kind is Kind.request_sent for e in entries):
        raise TransitionRefused("This request already has a “Request sent” entry; "
                                "change its date instead.")
    timeline_status([*entries, entry] if entry is not None else entries)


def _after_change(request: RecordsRequest, communication: Communication | None, *,
                  reason: str, draft_followups: bool = True) -> None:
    if communication is not None and communication.kind is Kind.request_sent:
        if request.received_on in (None, request.sent_on):
            request.received_on = communication.occurred_on
        request.sent_on = communication.occurred_on
    timeline_changed(request, reason=reason)
    if draft_followups:
        request_followups_refresh(request)
