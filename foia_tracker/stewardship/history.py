"""An agency's change history, as the organisations that use it may read it."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..agencies.models import Agency
from ..audit.models import AuditEvent
from ..extensions import db
from .access import may_read_history
from .models import AgencyChangeSuggestion, SuggestionStatus

_HISTORY_ROWS = 50


def agency_history(agency: Agency, user) -> list[dict] | None:
    """Return the agency's audited changes, newest first, or None if the user may not read them."""
    if not may_read_history(agency, user):
        return None
    events = db.session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.object_type == "Agency", AuditEvent.object_id == agency.id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(_HISTORY_ROWS))
    return [{"event": event, "by": _by(event, user)} for event in events]


def pending_suggestions(agency: Agency, user) -> list[AgencyChangeSuggestion]:
    """Return the changes to the agency waiting for review that the user may see."""
    query = select(AgencyChangeSuggestion).where(
        AgencyChangeSuggestion.agency_id == agency.id,
        AgencyChangeSuggestion.status == SuggestionStatus.pending)
    if not user.is_operator:
        query = query.where(AgencyChangeSuggestion.organisation_id == user.organisation_id)
    return list(db.session.scalars(query.order_by(AgencyChangeSuggestion.id)))


def _by(event: AuditEvent, user) -> str:
    # Another organisation's staff stay anonymous: the organisations using an agency need not
    # learn who else does.
    if event.actor is not None and event.actor.organisation_id == user.organisation_id:
        return event.actor.name
    if event.reason and "operator" in event.reason:
        return "an operator"
    return "another organisation" if event.actor is not None else "the installation"
