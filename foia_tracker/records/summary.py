"""One line of a request list: the columns the tables show, read as plain rows.

Lists show fifty requests a page, a dashboard twenty; building whole ORM objects with their
agency, assignee and tags cost several times the SQL itself at coalition scale. Two queries
fetch exactly what a row shows.
"""

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from ..agencies.models import Agency
from ..communications.status import Status
from ..extensions import db
from ..orgs.models import Organisation
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
    rows = db.session.execute(
        select(RecordsRequest.id, Organisation.code, RecordsRequest.year, RecordsRequest.number,
               RecordsRequest.title, RecordsRequest.status, RecordsRequest.sent_on,
               RecordsRequest.next_due_on, RecordsRequest.next_clock,
               Agency.name.label("agency_name"), Agency.jurisdiction,
               User.name.label("assignee_name"))
        .join(Organisation, Organisation.id == RecordsRequest.organisation_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .outerjoin(User, User.id == RecordsRequest.assignee_id)
        .where(RecordsRequest.id.in_(request_ids)))
    by_id = {row.id: row for row in rows}
    tags = _tag_names(request_ids)
    return [_summary(by_id[request_id], tags[request_id])
            for request_id in request_ids if request_id in by_id]


def _tag_names(request_ids: list[int]) -> dict[int, tuple[str, ...]]:
    names = defaultdict(list)
    for request_id, name in db.session.execute(
            select(request_tag.c.request_id, Tag.name)
            .join(Tag, Tag.id == request_tag.c.tag_id)
            .where(request_tag.c.request_id.in_(request_ids))
            .order_by(Tag.name)):
        names[request_id].append(name)
    return defaultdict(tuple, {request_id: tuple(found) for request_id, found in names.items()})


def _summary(row, tags: tuple[str, ...]) -> RequestSummary:
    return RequestSummary(
        id=row.id, reference=RecordsRequest.format_reference(row.code, row.year, row.number),
        title=row.title, status=row.status, sent_on=row.sent_on, next_due_on=row.next_due_on,
        next_clock=row.next_clock, agency_name=row.agency_name,
        agency_jurisdiction=row.jurisdiction, assignee_name=row.assignee_name, tags=tags)
