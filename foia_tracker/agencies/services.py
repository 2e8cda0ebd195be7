"""Use-cases for agencies, the reference data shared by every organisation."""

from sqlalchemy import select

from ..extensions import db
from ..sql import contains
from .failures import address_failures_clear_for_edit
from .models import Agency, AgencyKind, Level

#: The fields an agency form edits, in form order.
FIELDS = ("name", "jurisdiction", "level", "kind", "records_officer", "email", "portal_url",
          "postal_address", "notes")
_ENUMS = {"level": Level, "kind": AgencyKind}


class DuplicateAgency(ValueError):
    """An agency with this name already exists in the jurisdiction."""


def agency_create(*, organisation_id: int, values: dict) -> Agency:
    """Create an agency on behalf of an organisation, keeping one row per name and jurisdiction."""
    agency = Agency(created_by_organisation_id=organisation_id)
    agency_apply(agency, values)
    db.session.add(agency)
    db.session.commit()
    return agency


def agency_save(*, agency: Agency, values: dict, reason: str | None = None) -> Agency:
    """Update an agency directly; the reason is audited with the change."""
    agency_apply(agency, values, reason=reason)
    db.session.commit()
    return agency


def agency_apply(agency: Agency, values: dict, *, reason: str | None = None) -> None:
    """Set the values on the agency without committing; refuse a second agency of the same name."""
    agency_check_unique(agency, values)
    if "email" in values and (values["email"] or "") != (agency.email or ""):
        address_failures_clear_for_edit(agency, values["email"])
    for key, value in values.items():
        setattr(agency, key, value)
    # Read by the audit recorder when the change is flushed.
    agency.audit_reason = reason


def agency_check_unique(agency: Agency, values: dict) -> None:
    """Raise DuplicateAgency if the values would give the agency another agency's name."""
    name = values.get("name", agency.name)
    jurisdiction = values.get("jurisdiction", agency.jurisdiction)
    # No autoflush: the agency may hold the very values being checked, not yet written.
    with db.session.no_autoflush:
        clash = db.session.scalar(select(Agency).where(
            Agency.name == name, Agency.jurisdiction == jurisdiction))
    if clash is not None and clash is not agency:
        raise DuplicateAgency(f"{clash.name} ({clash.jurisdiction_name}) is already listed.")


def agency_plain_values(agency: Agency) -> dict:
    """Return the agency's editable fields as JSON values (enums by name)."""
    return {key: plain_value(getattr(agency, key)) for key in FIELDS}


def plain_value(value):
    """Return a field value as JSON stores it."""
    return value.name if isinstance(value, (Level, AgencyKind)) else value


def typed_values(values: dict) -> dict:
    """Return JSON field values as model attributes (enum names back to enums)."""
    return {key: _ENUMS[key][value] if key in _ENUMS else value for key, value in values.items()}


def agencies_query(*, text: str = "", jurisdiction: str = ""):
    """Return the select for the agency list, filtered."""
    query = select(Agency).order_by(Agency.name, Agency.jurisdiction)
    if text:
        query = query.where(contains(Agency.name, text))
    if jurisdiction:
        query = query.where(Agency.jurisdiction == jurisdiction)
    return query
