"""Which follow-ups an organisation sees as tasks today."""

from datetime import date
from functools import cache

from sqlalchemy import BindParameter, Select, and_, bindparam, or_, select, tuple_

from ..extensions import db
from ..records.models import RecordsRequest
from .models import FollowUp, FollowUpStatus
from .schedule import APPEAL_CLOCK, ESTIMATE_CLOCK

R = RecordsRequest

#: The queries below take values, or bound parameters for a statement built once.
OrganisationId = int | BindParameter
Today = date | BindParameter


#: The order tasks are listed in, which ix_followup_org_deadline keeps.
TASK_ORDER = (FollowUp.deadline_on, FollowUp.scheduled_on, FollowUp.id)


def _due(today: Today):
    return or_(and_(FollowUp.status == FollowUpStatus.open, FollowUp.scheduled_on <= today),
               and_(FollowUp.status == FollowUpStatus.snoozed, FollowUp.snoozed_until <= today))


def visible_followup_ids_query(organisation_id: OrganisationId, today: Today) -> Select:
    """Return the ids of the organisation's follow-ups due by today, most overdue deadline first.

    Only follow-ups about the request's current, passed deadline count: once the agency answers
    (or the deadline moves) the task is moot. Snoozed ones come back on their date.
    """
    return _visible(select(FollowUp.id), organisation_id, today).order_by(*TASK_ORDER)


def _visible(query: Select, organisation_id: OrganisationId, today: Today) -> Select:
    """Return the query joined to the requests, narrowed to the current, due follow-ups."""
    statutory = and_(
        FollowUp.clock == R.next_clock, FollowUp.deadline_on == R.next_due_on,
        # Our appeal is drafted while its window is open; the agency's clocks once passed.
        or_(and_(R.next_clock == APPEAL_CLOCK, R.next_due_on >= today),
            and_(R.next_clock != APPEAL_CLOCK, R.next_due_on < today)))
    estimate = and_(FollowUp.clock == ESTIMATE_CLOCK, FollowUp.deadline_on == R.estimated_on,
                    R.estimated_on < today)
    return (query.join(FollowUp.request)
            .where(FollowUp.organisation_id == organisation_id,
                   R.organisation_id == organisation_id, or_(statutory, estimate), _due(today)))


def due_followups_query(organisation_id: OrganisationId, today: Today, *,
                        after: tuple | None = None) -> Select:
    """Return the task order keys of the organisation's follow-ups due by today, after `after`.

    Current or not: visible_followup_ids_query tells. Read from ix_followup_org_deadline in order.
    """
    query = select(*TASK_ORDER).where(FollowUp.organisation_id == organisation_id, _due(today))
    if after is not None:
        query = query.where(tuple_(*TASK_ORDER) > tuple_(*after))
    return query.order_by(*TASK_ORDER)


def owned_followup(organisation_id: int, followup_id: int) -> FollowUp | None:
    """Return the follow-up if it belongs to the organisation."""
    followup = db.session.get(FollowUp, followup_id)
    return followup if followup is not None and followup.organisation_id == organisation_id else None


def current_followup(request: RecordsRequest) -> FollowUp | None:
    """Return the pending follow-up about the request's current deadline, if one is drafted."""
    if request.next_clock is None or request.next_due_on is None:
        return None  # no clock runs: nothing to follow up (a follow-up always has both)
    return db.session.scalar(_current_statement(), {
        "request_id": request.id, "clock": request.next_clock, "deadline_on": request.next_due_on})


@cache
def _current_statement() -> Select:
    # Built once: the request page runs it on every view.
    return (select(FollowUp).where(
        FollowUp.request_id == bindparam("request_id"), FollowUp.clock == bindparam("clock"),
        FollowUp.deadline_on == bindparam("deadline_on"),
        FollowUp.status.in_((FollowUpStatus.open, FollowUpStatus.snoozed)))
        .order_by(FollowUp.scheduled_on.desc()).limit(1))
