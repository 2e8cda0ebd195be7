"""The request list: filters, sorting and eager loading in one query."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..agencies.models import Agency
from ..communications.status import OPEN_STATUSES, Status
from ..sql import LIKE_ESCAPE, contains, escape_like
from .models import RecordsRequest, Tag


@dataclass(frozen=True)
class RequestFilters:
    q: str = ""
    status: str = ""
    agency_id: int | None = None
    jurisdiction: str = ""
    technology: str = ""
    assignee_id: int | None = None
    sent_from: date | None = None
    sent_to: date | None = None
    sort: str = "deadline"


_ORDER = {
    # Overdue first, then due soonest; requests without a running clock last.
    "deadline": (RecordsRequest.next_due_on.is_(None), RecordsRequest.next_due_on.asc()),
    "updated": (RecordsRequest.updated_at.desc(),),
    "sent": (RecordsRequest.sent_on.desc(),),
    "sent_asc": (RecordsRequest.sent_on.asc(),),
    "title": (RecordsRequest.title.asc(),),
    "agency": (Agency.name.asc(),),
    "status": (RecordsRequest.status.asc(),),
}


def requests_query(organisation_id: int, filters: RequestFilters) -> Select:
    """Return the select for one organisation's requests matching the filters."""
    query = (
        select(RecordsRequest)
        .join(RecordsRequest.agency)
        .where(RecordsRequest.organisation_id == organisation_id)
        .options(
            joinedload(RecordsRequest.agency), joinedload(RecordsRequest.assignee),
            joinedload(RecordsRequest.organisation), selectinload(RecordsRequest.tags),
        )
    )
    for condition in _conditions(filters):
        query = query.where(condition)
    return query.order_by(*_ORDER.get(filters.sort, _ORDER["deadline"]), RecordsRequest.id.desc())


def open_requests_query(organisation_id: int, assignee_id: int) -> Select:
    """Return the user's open requests, most urgent first (then the longest waiting)."""
    return (
        requests_query(organisation_id, RequestFilters(status="open", assignee_id=assignee_id))
        .order_by(None)
        .order_by(*_ORDER["deadline"], RecordsRequest.sent_on.asc(), RecordsRequest.id)
    )


def _conditions(f: RequestFilters):
    if f.status == "open":
        yield RecordsRequest.status.in_(OPEN_STATUSES)
    elif f.status in Status.__members__:
        yield RecordsRequest.status == Status[f.status]
    if f.agency_id:
        yield RecordsRequest.agency_id == f.agency_id
    if f.jurisdiction:
        yield Agency.jurisdiction == f.jurisdiction
    if f.assignee_id:
        yield RecordsRequest.assignee_id == f.assignee_id
    if f.sent_from:
        yield RecordsRequest.sent_on >= f.sent_from
    if f.sent_to:
        yield RecordsRequest.sent_on <= f.sent_to
    if f.technology:
        yield RecordsRequest.tags.any(Tag.name.ilike(escape_like(f.technology), escape=LIKE_ESCAPE))
    if f.q:
        yield or_(contains(RecordsRequest.title, f.q), contains(RecordsRequest.body, f.q))

