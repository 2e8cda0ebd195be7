"""Changes to agencies: direct where no other organisation has a stake, otherwise suggested."""

import enum

from ..agencies.models import Agency
from ..agencies.services import (
    FIELDS, DuplicateAgency, agency_apply, agency_check_unique, agency_plain_values, agency_save,
    plain_value, typed_values,
)
from ..extensions import db
from ..users.models import User
from .access import is_used_by_others
from .decisions import SuggestionConflict, decision_record, pending_or_raise
from .models import AgencyChangeSuggestion, SuggestionStatus

FIELD_LABELS = {"name": "Name", "jurisdiction": "Jurisdiction", "level": "Level", "kind": "Kind",
                "records_officer": "Records officer", "email": "Records e-mail",
                "portal_url": "Records portal", "postal_address": "Postal address",
                "notes": "Notes"}


class Outcome(enum.Enum):
    saved = "saved"
    suggested = "suggested"
    unchanged = "unchanged"


class StaleSuggestion(SuggestionConflict):
    """The agency changed since the suggestion was made."""


def agency_change(*, actor: User, agency: Agency, values: dict) -> Outcome:
    """Save the change directly, or as a suggestion for the operators when others use the agency."""
    old = agency_plain_values(agency)
    changed = [key for key in FIELDS if plain_value(values[key]) != old[key]]
    if not changed:
        return Outcome.unchanged
    if actor.is_operator:
        agency_save(agency=agency, values=values, reason="edited by an installation operator")
        return Outcome.saved
    if not is_used_by_others(agency, actor.organisation_id):
        agency_save(agency=agency, values=values)
        return Outcome.saved
    agency_check_unique(agency, values)
    db.session.add(AgencyChangeSuggestion(
        agency=agency, organisation_id=actor.organisation_id, suggested_by_id=actor.id,
        old_values={key: old[key] for key in changed},
        new_values={key: plain_value(values[key]) for key in changed}))
    db.session.commit()
    return Outcome.suggested


def agency_suggestion_accept(*, operator: User, suggestion: AgencyChangeSuggestion) -> None:
    """Apply a suggested change and record the decision, in one transaction with its audit."""
    pending_or_raise(suggestion)
    agency = suggestion.agency
    if stale := stale_fields(suggestion):
        raise StaleSuggestion(
            f"{agency.name} has changed since this was suggested "
            f"({', '.join(FIELD_LABELS[key] for key in stale)}): reject it with a reason, and "
            "the organisation can suggest the change again.")
    values = typed_values(suggestion.new_values)
    try:
        agency_check_unique(agency, values)
    except DuplicateAgency as error:
        raise SuggestionConflict(str(error)) from error
    decision_record(suggestion, operator=operator, status=SuggestionStatus.accepted, reason="")
    agency_apply(agency, values, reason=f"suggested change {suggestion.id} accepted by an operator")
    db.session.commit()


def agency_suggestion_reject(*, operator: User, suggestion: AgencyChangeSuggestion,
                             reason: str) -> None:
    """Reject a suggested change, with the reason the suggesting organisation will read."""
    pending_or_raise(suggestion)
    decision_record(suggestion, operator=operator, status=SuggestionStatus.rejected, reason=reason)
    db.session.commit()


def stale_fields(suggestion: AgencyChangeSuggestion) -> dict:
    """Return {field: current value} where the agency no longer has the suggestion's old value."""
    agency = suggestion.agency
    return {key: plain_value(getattr(agency, key)) for key, value in suggestion.old_values.items()
            if plain_value(getattr(agency, key)) != value}
