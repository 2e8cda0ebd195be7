"""Use-cases for agencies, the reference data shared by every organisation."""

from sqlalchemy import select

from ..extensions import db
from ..sql import contains
from .models import Agency


class DuplicateAgency(ValueError):
    """An agency with this name already exists in the jurisdiction."""


def agency_save(*, agency: Agency | None = None, values: dict) -> Agency:
    """Create an agency, or update one, keeping one row per name and jurisdiction."""
    clash = db.session.scalar(select(Agency).where(
        Agency.name == values["name"], Agency.jurisdiction == values["jurisdiction"]))
    if clash is not None and clash is not agency:
        raise DuplicateAgency(f"{clash.name} ({clash.jurisdiction_name}) is already listed.")
    agency = agency or Agency()
    for key, value in values.items():
        setattr(agency, key, value)
    db.session.add(agency)
    db.session.commit()
    return agency


def agencies_query(*, text: str = "", jurisdiction: str = ""):
    """Return the select for the agency list, filtered."""
    query = select(Agency).order_by(Agency.name, Agency.jurisdiction)
    if text:
        query = query.where(contains(Agency.name, text))
    if jurisdiction:
        query = query.where(Agency.jurisdiction == jurisdiction)
    return query

