"""One line of a follow-up task list: the columns the lists show, read as plain rows.

The dashboard lists twenty tasks and the follow-ups page fifty; loading each as a follow-up
object with its drafted letter, request, agency and organisation cost more than the query.
"""

from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, select

from ..agencies.models import Agency
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from .models import FollowUp, FollowUpStatus, LetterKind


class Task(NamedTuple):
    id: int
    kind: LetterKind
    status: FollowUpStatus
    snoozed_until: date | None
    #: The date the follow-up chases, and the clock it belongs to.
    deadline_on: date
    clock: str
    scheduled_on: date
    reference: str
    title: str
    agency_name: str
    agency_jurisdiction: str


_COLUMNS = (FollowUp.id, FollowUp.kind, FollowUp.status, FollowUp.snoozed_until,
            FollowUp.deadline_on, FollowUp.clock, FollowUp.scheduled_on, Organisation.code,
            RecordsRequest.year, RecordsRequest.number, RecordsRequest.title, Agency.name,
            Agency.jurisdiction)


def task_columns(query: Select) -> Select:
    """Return the query (of follow-ups joined to their request) selecting a Task's columns."""
    return (query.with_only_columns(*_COLUMNS, maintain_column_froms=False)
            .join(Agency, Agency.id == RecordsRequest.agency_id)
            .join(Organisation, Organisation.id == RecordsRequest.organisation_id))


def tasks_of(rows) -> list[Task]:
    """Return the Tasks of rows selected by task_columns, in their order."""
    return [Task(id_, kind, status, snoozed_until, deadline_on, clock, scheduled_on,
                 RecordsRequest.format_reference(code, year, number), title, agency, jurisdiction)
            for (id_, kind, status, snoozed_until, deadline_on, clock, scheduled_on, code, year,
                 number, title, agency, jurisdiction) in rows]


def tasks_by_id(followup_ids: list[int]) -> list[Task]:
    """Return the Tasks of these follow-ups, in the order of the ids given."""
    if not followup_ids:
        return []
    query = task_columns(select(FollowUp).join(FollowUp.request)
                         .where(FollowUp.id.in_(followup_ids)))
    by_id = {task.id: task for task in tasks_of(db.session.execute(query))}
    return [by_id[followup_id] for followup_id in followup_ids if followup_id in by_id]
