"""Which extra closure days apply to an agency: its own and its jurisdiction's."""

from datetime import date
from functools import cache

from sqlalchemy import bindparam, or_, select

from ..extensions import db
from .models import Closure


def closures_for(agency) -> dict[date, str]:
    """Return the extra closure days of the agency and of every office in its jurisdiction."""
    rows = db.session.execute(_closures_statement(),
                              {"agency_id": agency.id, "jurisdiction": agency.jurisdiction})
    return {closed_on: name for closed_on, name in rows}


@cache
def _closures_statement():
    # Built once: every request page counts its deadlines with them.
    return select(Closure.closed_on, Closure.name).where(or_(
        Closure.agency_id == bindparam("agency_id"),
        Closure.jurisdiction == bindparam("jurisdiction")))


class ClosureIndex:
    """Every closure day, loaded once, for recomputing many requests without a query each."""

    def __init__(self):
        self._by_scope: dict[tuple, dict[date, str]] = {}
        self._merged: dict[tuple, dict[date, str]] = {}
        rows = db.session.execute(select(
            Closure.agency_id, Closure.jurisdiction, Closure.closed_on, Closure.name))
        for agency_id, jurisdiction, closed_on, name in rows:
            scope = ("agency", agency_id) if agency_id else ("jurisdiction", jurisdiction)
            self._by_scope.setdefault(scope, {})[closed_on] = name

    def for_agency(self, agency_id: int, jurisdiction: str) -> dict[date, str]:
        """Return the same days closures_for would for this agency."""
        key = (agency_id, jurisdiction)
        if key not in self._merged:
            self._merged[key] = {**self._by_scope.get(("jurisdiction", jurisdiction), {}),
                                 **self._by_scope.get(("agency", agency_id), {})}
        return self._merged[key]
