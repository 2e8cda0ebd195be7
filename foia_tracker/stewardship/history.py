"""An agency's change history, as the organisations that use it may read it."""

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from ..agencies.models import Agency
from ..audit.models import AuditEvent
from ..extensions import db
from .access import may_read_history
from .models import AgencyChangeSuggestion, SuggestionStatus

_HISTORY_ROWS = 50
_SUGGESTION_ROWS = 10


def agency_history(agency: Agency, user) -> list[dict] | None:
    """Return the agency's audited changes, newest first, or None if the user may not read them."""
    if not may_read_history(agency, user):
        return None
    events = db.session.scalars(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(AuditEvent.object_type == "Agency", AuditEvent.object_id == agency.id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()).limit(_HISTORY_ROWS))
    return [{"event": event, "by": _by(event, user)} for event in events]


def agency_suggestions(agency: Agency, user) -> list[AgencyChangeSuggestion]:
    """Return the latest changes to the agency the user's organisation suggested, newest first.

    An operator also sees every other organisation's that is waiting for review.
    """
    own = AgencyChangeSuggestion.organisation_id == user.organisation_id
    seen = or_(own, AgencyChangeSuggestion.status == SuggestionStatus.pending) \
        if user.is_operator else own
    return list(db.session.scalars(
        select(AgencyChangeSuggestion).where(AgencyChangeSuggestion.agency_id == agency.id, seen)
        .order_by(AgencyChangeSuggestion.id.desc()).limit(_SUGGESTION_ROWS)))


def _by(event: AuditEvent, user) -> str:
    # Another organisation's staff stay anonymous: the organisations using an agency need not
    # learn who else does.
    if event.actor is not None and event.actor.organisation_id == user.organisation_id:
        return event.actor.name
    if event.reason and "operator" in event.reason:
        return "an operator"
    return "another organisation" if event.actor is not None else "the installation"
