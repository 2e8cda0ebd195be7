"""The request list: which requests match the filters, in which order.

The queries select ids only (the page count reads them as they are); records.summary then
reads the columns a list shows for one page of them.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Select, bindparam, func, null, or_, select

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
    #: "overdue" (next deadline passed) or "week" (due within DUE_SOON_DAYS); counted from
    #: the day the query is built, as the list marks overdue dates.
    due: str = ""
    #: Only requests without any (undeleted) document yet: still awaiting what they asked for.
    without_documents: bool = False

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


@cache
def open_requests_statement(limit: int) -> Select:
    """Return the ids of a user's open requests, most urgent first (then the longest waiting).

    Parameters: organisation_id, assignee_id. Built once (the dashboard runs it on every view).
    """
    return (
        select(RecordsRequest.id)
        .where(RecordsRequest.organisation_id == bindparam("organisation_id"),
               _status_condition("open"), RecordsRequest.assignee_id == bindparam("assignee_id"))
        .order_by(*_order_by("deadline", few_rows=False), RecordsRequest.sent_on.asc(),
                  RecordsRequest.id)
        .limit(limit)
    )


def _conditions(organisation_id: int, f: RequestFilters):
    for field, condition in _CONDITIONS.items():
        value = getattr(f, field)
        if value and (built := condition(value, organisation_id)) is not None:
            yield built


def _status_condition(status: str):
    """Return the condition of a status filter ("open" or a status name); None for any other."""
    if status == "open":
        return RecordsRequest.status.in_(OPEN_STATUSES)
    return RecordsRequest.status == Status[status] if status in Status.__members__ else None


#: "Due this week": today and the six days after it.
DUE_SOON_DAYS = 7


def due_condition(due: str, today: date):
    """Return the condition of a deadline filter ("overdue" or "week"); None for any other."""
    if due == "overdue":
        return RecordsRequest.next_due_on < today
    if due == "week":
        return RecordsRequest.next_due_on.between(today, today + timedelta(days=DUE_SOON_DAYS - 1))
    return None


def _technology_condition(name: str, organisation_id: int):
    # The tag ids go in as values, not a join with tag: PostgreSQL then knows from its
    # statistics how common that tag is and joins by hash. IN (the tag's requests), not an
    # EXISTS probe per request: SQLite reads the tag's requests once from
    # ix_request_tag_tag_request and tests each open request against that list.
    return RecordsRequest.id.in_(select(request_tag.c.request_id)
                                 .where(request_tag.c.tag_id.in_(_tag_ids(organisation_id, name))))


#: Filter field -> the condition it adds when set, built from its value and the organisation.
_CONDITIONS = {
    "status": lambda status, _: _status_condition(status),
    "agency_id": lambda agency_id, _: RecordsRequest.agency_id == agency_id,
    "agency_name": lambda name, _: contains(Agency.name, name),
    "jurisdiction": lambda jurisdiction, _: Agency.jurisdiction == jurisdiction,
    "assignee_id": lambda assignee_id, _: RecordsRequest.assignee_id == assignee_id,
    "sent_from": lambda first, _: RecordsRequest.sent_on >= first,
    "sent_to": lambda last, _: RecordsRequest.sent_on <= last,
    "technology": _technology_condition,
    "due": lambda due, _: due_condition(due, date.today()),
    "without_documents": lambda _, __: RecordsRequest.live_document_count == 0,
    "q": lambda q, _: or_(contains(RecordsRequest.title, q), contains(RecordsRequest.body, q)),
}


def _tag_ids(organisation_id: int, name: str) -> list[int]:
    """Return the ids of the organisation's tags of that name, in any case."""
    return list(db.session.scalars(select(Tag.id).where(
        Tag.organisation_id == organisation_id,
        Tag.name.ilike(escape_like(name), escape=LIKE_ESCAPE))))
