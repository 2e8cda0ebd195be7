"""One line of a request list: the columns the tables show, read as plain rows.

Lists show fifty requests a page, a dashboard twenty; building whole ORM objects with their
agency, assignee and tags cost several times the SQL itself at coalition scale. One query
fetches exactly what a row shows: a row per tag of each request (one for a request without).
"""

from collections import defaultdict
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import bindparam, select

from ..agencies.models import Agency
from ..communications.status import Status
from ..extensions import db
from ..orgs.models import Organisation
from ..sql import looked_up
from ..users.models import User
from .models import RecordsRequest, Tag, request_tag


class RequestSummary(NamedTuple):
    id: int
    reference: str
    title: str
    status: Status
    sent_on: date | None
    next_due_on: date | None
    #: Which clock next_due_on belongs to (see records.deadlines), None when none runs.
    next_clock: str | None
    agency_name: str
    agency_jurisdiction: str
    assignee_name: str | None
    #: Technology tag names, alphabetically.
    tags: tuple[str, ...]


def request_summaries(request_ids: list[int]) -> list[RequestSummary]:
    """Return the summaries of the requests, in the order of the ids given."""
    if not request_ids:
        return []
    rows = db.session.execute(_summaries_statement(), {"ids": request_ids})
    by_id = {}
    tags = defaultdict(list)
    for row in rows:
        by_id.setdefault(row.id, row)
        if row.tag is not None:
            tags[row.id].append(row.tag)
    return [_summary(by_id[request_id], tuple(tags[request_id]))
            for request_id in request_ids if request_id in by_id]


@cache
def _summaries_statement():
    # Built once: every list and the dashboard run it, and building it (with its cache key)
    # cost about as much as running it.
    # The tags are joined rather than read by a query of their own: on PostgreSQL a statement
    # costs a round trip and its execution overhead (0.3-0.5 ms a list), more than the few
    # repeated columns of a request with several tags. The names are looked up row by row
    # (sql.looked_up): joined, PostgreSQL hashed every agency for the fifty rows.
    r = RecordsRequest
    return (
        select(r.id, looked_up(Organisation.code, Organisation.id, r.organisation_id).label("code"),
               r.year, r.number, r.title, r.status, r.sent_on, r.next_due_on, r.next_clock,
               looked_up(Agency.name, Agency.id, r.agency_id).label("agency_name"),
               looked_up(Agency.jurisdiction, Agency.id, r.agency_id).label("jurisdiction"),
               looked_up(User.name, User.id, r.assignee_id).label("assignee_name"),
               Tag.name.label("tag"))
        .outerjoin(request_tag, request_tag.c.request_id == r.id)
        .outerjoin(Tag, Tag.id == request_tag.c.tag_id)
        .where(r.id.in_(bindparam("ids", expanding=True)))
        .order_by(r.id, Tag.name))


def _summary(row, tags: tuple[str, ...]) -> RequestSummary:
    return RequestSummary(
        id=row.id, reference=RecordsRequest.format_reference(row.code, row.year, row.number),
        title=row.title, status=row.status, sent_on=row.sent_on, next_due_on=row.next_due_on,
        next_clock=row.next_clock, agency_name=row.agency_name,
        agency_jurisdiction=row.jurisdiction, assignee_name=row.assignee_name, tags=tags)
