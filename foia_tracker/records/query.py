"""The request list: which requests match the filters, in which order.

The queries select ids only (the page count reads them as they are); records.summary then
reads the columns a list shows for one page of them.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, exists, func, null, or_, select

from ..agencies.models import Agency
from ..communications.status import OPEN_STATUSES, Status
from ..extensions import db
from ..sql import LIKE_ESCAPE, contains, escape_like
from .models import RecordsRequest, Tag, request_tag


@dataclass(frozen=True)
class RequestFilters:
    q: str = ""
    status: str = ""
    agency_id: int | None = None
    #: Part of the agency's name, matched case-insensitively.
    agency_name: str = ""
    jurisdiction: str = ""
    technology: str = ""
    assignee_id: int | None = None
    sent_from: date | None = None
    sent_to: date | None = None
    sort: str = "deadline"

    @property
    def needs_agency_join(self) -> bool:
        return bool(self.agency_name or self.jurisdiction or self.sort == "agency")


#: Sort key -> (column, direction) pairs; "first" puts the earliest first with NULLs last.
_ORDER = {
    # Overdue first, then due soonest; requests without a running clock last. NULLS LAST (not
    # "next_due_on IS NULL" first) lets both databases read ix_request_org_next_due in order
    # instead of sorting every request of the organisation.
    "deadline": ((RecordsRequest.next_due_on, "first"),),
    "updated": ((RecordsRequest.updated_at, "desc"),),
    "sent": ((RecordsRequest.sent_on, "desc"),),
    "sent_asc": ((RecordsRequest.sent_on, "asc"),),
    "title": ((RecordsRequest.title, "asc"),),
    "agency": ((Agency.name, "asc"),),
    "status": ((RecordsRequest.status, "asc"),),
}


def _order_by(sort: str, *, few_rows: bool) -> list:
    """Return the ORDER BY terms of a sort.

    With few_rows (one agency's requests, a few dozen), the columns are wrapped so no index
    can serve the order: SQLite, which keeps no statistics unless ANALYZE ran, would otherwise
    walk the whole organisation along ix_request_org_sent rather than sort a few rows found
    through ix_request_org_agency.
    """
    terms = []
    for column, direction in _ORDER.get(sort, _ORDER["deadline"]):
        key = func.coalesce(column, null()) if few_rows else column
        terms.append(key.asc().nulls_last() if direction == "first"
                     else key.desc() if direction == "desc" else key.asc())
    return terms


def requests_query(organisation_id: int, filters: RequestFilters) -> Select:
    """Return the select of the ids of one organisation's requests matching the filters.

    A technology filter looks up its tag ids first (one small query).
    """
    query = select(RecordsRequest.id).where(RecordsRequest.organisation_id == organisation_id)
    if filters.needs_agency_join:
        query = query.join(RecordsRequest.agency)
    for condition in _conditions(organisation_id, filters):
        query = query.where(condition)
    return query.order_by(*_order_by(filters.sort, few_rows=bool(filters.agency_id)),
                          RecordsRequest.id.desc())


def open_requests_query(organisation_id: int, assignee_id: int) -> Select:
    """Return the ids of the user's open requests, most urgent first (then the longest waiting)."""
    return (
        requests_query(organisation_id, RequestFilters(status="open", assignee_id=assignee_id))
        .order_by(None)
        .order_by(*_order_by("deadline", few_rows=False), RecordsRequest.sent_on.asc(),
                  RecordsRequest.id)
    )


def _conditions(organisation_id: int, f: RequestFilters):
    if f.status == "open":
        yield RecordsRequest.status.in_(OPEN_STATUSES)
    elif f.status in Status.__members__:
        yield RecordsRequest.status == Status[f.status]
    if f.agency_id:
        yield RecordsRequest.agency_id == f.agency_id
    if f.agency_name:
        yield contains(Agency.name, f.agency_name)
    if f.jurisdiction:
        yield Agency.jurisdiction == f.jurisdiction
    if f.assignee_id:
        yield RecordsRequest.assignee_id == f.assignee_id
    if f.sent_from:
        yield RecordsRequest.sent_on >= f.sent_from
    if f.sent_to:
        yield RecordsRequest.sent_on <= f.sent_to
    if f.technology:
        # The tag ids go in as values, not a subquery: PostgreSQL then knows from its statistics
        # how common that tag is and joins by hash instead of probing request by request, and
        # SQLite probes (request_id, tag_id) instead of joining tag for every request.
        yield exists().where(request_tag.c.request_id == RecordsRequest.id,
                             request_tag.c.tag_id.in_(_tag_ids(organisation_id, f.technology)))
    if f.q:
        yield or_(contains(RecordsRequest.title, f.q), contains(RecordsRequest.body, f.q))


def _tag_ids(organisation_id: int, name: str) -> list[int]:
    """Return the ids of the organisation's tags of that name, in any case."""
    return list(db.session.scalars(select(Tag.id).where(
        Tag.organisation_id == organisation_id,
        Tag.name.ilike(escape_like(name), escape=LIKE_ESCAPE))))
