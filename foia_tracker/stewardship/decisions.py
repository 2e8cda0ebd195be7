"""An operator's decision on a suggestion: claimed once, audited for the suggesting organisation."""

from sqlalchemy import update

from ..audit.recorder import record_bulk_changes
from ..db_types import utcnow
from ..extensions import db
from .models import SuggestionStatus


class SuggestionConflict(ValueError):
    """The suggestion cannot be decided as asked; the message says why."""


class AlreadyDecided(SuggestionConflict):
    """Another operator decided the suggestion first."""


def decision_record(suggestion, *, operator, status: SuggestionStatus, reason: str) -> None:
    """Mark a pending suggestion decided, or raise AlreadyDecided; the caller commits."""
    model = type(suggestion)
    # A conditional UPDATE, so two operators deciding at once cannot both apply it.
    claimed = db.session.execute(
        update(model).where(model.id == suggestion.id, model.status == SuggestionStatus.pending)
        .values(status=status, decided_by_id=operator.id, decided_at=utcnow(), reason=reason)
        .execution_options(synchronize_session="fetch")).rowcount
    if claimed != 1:
        raise AlreadyDecided("This suggestion was already decided.")
    changes = {"status": (SuggestionStatus.pending, status)}
    if reason:
        changes["reason"] = ("", reason)
    record_bulk_changes(db.session, [{
        "object_id": suggestion.id, "object_label": str(suggestion)[:300],
        "organisation_id": suggestion.organisation_id, "changes": changes,
    }], object_type=model.__name__, reason=f"suggestion {status.name} by an installation operator")


def pending_or_raise(suggestion) -> None:
    """Raise AlreadyDecided unless the suggestion is still waiting."""
    if suggestion.status is not SuggestionStatus.pending:
        raise AlreadyDecided(f"This suggestion was already {suggestion.status.value.lower()}.")
