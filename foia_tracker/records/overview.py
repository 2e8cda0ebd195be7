"""The dashboard's overview of an organisation's open requests: counts and the deadline chart."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import case, func, select

from ..charts import Chart, Point
from ..communications.status import OPEN_STATUSES
from ..extensions import db
from .models import RecordsRequest
from .query import due_condition, has_document


@dataclass(frozen=True)
class RequestCounts:
    """How many open requests there are, and how many need attention."""

    open: int
    overdue: int
    due_this_week: int
    awaiting_documents: int


def request_counts(organisation_id: int, today: date) -> RequestCounts:
    """Count the organisation's open requests by urgency, in one pass over their index rows."""
    # ix_request_org_status_due holds the status and next deadline: the counts read the index
    # alone, plus one probe of the documents' request_id index per open request.
    row = db.session.execute(
        select(func.count(),
               func.count(case((due_condition("overdue", today), 1))),
               func.count(case((due_condition("week", today), 1))),
               func.count(case((~has_document(), 1))))
        .where(RecordsRequest.organisation_id == organisation_id,
               RecordsRequest.status.in_(OPEN_STATUSES))).one()
    return RequestCounts(*row)


#: The deadline chart's horizon: the overdue requests, then four weeks ahead.
CHART_WEEKS = 4


def deadline_chart(organisation_id: int, today: date) -> Chart:
    """Chart the open requests by next deadline: overdue, then each of the next four weeks."""
    horizon = today + timedelta(weeks=CHART_WEEKS) - timedelta(days=1)
    # At most one row per day of the horizon, and one per day overdue (grouped, not each request).
    rows = db.session.execute(
        select(RecordsRequest.next_due_on, func.count())
        .where(RecordsRequest.organisation_id == organisation_id,
               RecordsRequest.status.in_(OPEN_STATUSES), RecordsRequest.next_due_on <= horizon)
        .group_by(RecordsRequest.next_due_on))
    buckets = [0] * (CHART_WEEKS + 1)
    for due_on, count in rows:
        buckets[0 if due_on < today else 1 + (due_on - today).days // 7] += count
    labels = ["Overdue"] + [_week_label(today, week) for week in range(CHART_WEEKS)]
    return Chart(title="Deadlines", label_name="Due", unit="requests", value_name="Open",
                 points=tuple(Point(label, Decimal(count)) for label, count in zip(labels, buckets)),
                 horizontal=False, decimals=0)


def _week_label(today: date, week: int) -> str:
    first = today + timedelta(weeks=week)
    last = first + timedelta(days=6)
    ends = str(last.day) if last.month == first.month else f"{last:%b} {last.day}"
    return f"{first:%b} {first.day}–{ends}"
