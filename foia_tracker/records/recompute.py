"""Recompute stored deadlines in bulk: after a closure, a holiday or a rule data change."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..agencies.models import Agency
from ..extensions import db
from .deadlines import closures_for, deadlines_refresh
from .models import RecordsRequest

_BATCH = 1000


def deadlines_recompute_all(*, reason: str, jurisdiction: str | None = None,
                            agency_id: int | None = None,
                            organisation_id: int | None = None) -> tuple[int, int]:
    """Recompute the requests of an agency, a jurisdiction, an organisation or all; return (changed, total)."""
    query = (select(RecordsRequest).join(RecordsRequest.agency)
             .where(RecordsRequest.received_on.is_not(None))
             .options(selectinload(RecordsRequest.communications),
                      selectinload(RecordsRequest.organisation), selectinload(RecordsRequest.agency))
             .order_by(RecordsRequest.id))
    if jurisdiction:
        query = query.where(Agency.jurisdiction == jurisdiction)
    if agency_id:
        query = query.where(RecordsRequest.agency_id == agency_id)
    if organisation_id:
        query = query.where(RecordsRequest.organisation_id == organisation_id)
    changed = total = 0
    closures: dict[int, dict] = {}
    for request in db.session.scalars(query.execution_options(yield_per=_BATCH)):
        before = request.next_due_on, dict(request.deadlines or {})
        if request.agency_id not in closures:
            closures[request.agency_id] = closures_for(request.agency)
        deadlines_refresh(request, reason=reason, closures=closures[request.agency_id])
        changed += (request.next_due_on, request.deadlines) != before
        total += 1
    db.session.commit()
    return changed, total
