"""Closure days as shared facts: admins suggest them, operators accept them."""

from datetime import date

from sqlalchemy import select

from ..agencies.models import Agency
from ..closures.models import Closure
from ..closures.services import DuplicateClosure, closure_add
from ..extensions import db
from ..users.models import User
from .decisions import decision_record, pending_or_raise
from .models import ClosureSuggestion, SuggestionStatus


def closure_suggest(*, actor: User, closed_on: date, name: str, jurisdiction: str | None = None,
                    agency: Agency | None = None) -> ClosureSuggestion:
    """Record a closure day for the operators to review; no deadline moves until they accept."""
    if _is_recorded(closed_on, jurisdiction, agency):
        raise DuplicateClosure(f"{closed_on} is already recorded as closed there.")
    scope = ClosureSuggestion.agency_id == agency.id if agency else \
        ClosureSuggestion.jurisdiction == jurisdiction
    if db.session.scalar(select(ClosureSuggestion.id).where(
            scope, ClosureSuggestion.closed_on == closed_on,
            ClosureSuggestion.status == SuggestionStatus.pending)):
        raise DuplicateClosure(f"{closed_on} there is already waiting for the operators' review.")
    suggestion = ClosureSuggestion(
        closed_on=closed_on, name=name, jurisdiction=None if agency else jurisdiction,
        agency=agency, organisation_id=actor.organisation_id, suggested_by_id=actor.id)
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def closure_suggestion_accept(*, operator: User, suggestion: ClosureSuggestion) -> Closure:
    """Record the suggested closure and recompute the deadlines it moves, in one transaction."""
    pending_or_raise(suggestion)
    if _is_recorded(suggestion.closed_on, suggestion.jurisdiction, suggestion.agency):
        raise DuplicateClosure(f"{suggestion.closed_on} is already recorded as closed there; "
                               "reject the suggestion.")
    decision_record(suggestion, operator=operator, status=SuggestionStatus.accepted, reason="")
    try:
        # Commits once: the decision, the closure, the recomputed deadlines and their audit.
        return closure_add(actor=operator, closed_on=suggestion.closed_on, name=suggestion.name,
                           jurisdiction=suggestion.jurisdiction, agency=suggestion.agency,
                           note="suggested by an organisation, accepted by an operator")
    except DuplicateClosure:
        # Recorded by another operator since the check above: the decision is not kept either.
        db.session.rollback()
        raise


def closure_suggestion_reject(*, operator: User, suggestion: ClosureSuggestion,
                              reason: str) -> None:
    """Reject a suggested closure day, with the reason the suggesting organisation will read."""
    pending_or_raise(suggestion)
    decision_record(suggestion, operator=operator, status=SuggestionStatus.rejected, reason=reason)
    db.session.commit()


def _is_recorded(closed_on: date, jurisdiction: str | None, agency: Agency | None) -> bool:
    scope = Closure.agency_id == agency.id if agency else Closure.jurisdiction == jurisdiction
    found = db.session.scalar(select(Closure.id).where(scope, Closure.closed_on == closed_on))
    return found is not None
