"""The dashboard's overview of an organisation's open requests: counts and the deadline chart."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import Date, and_, bindparam, case, func, select

from ..charts import Chart, Point
from ..communications.status import OPEN_STATUSES
from ..extensions import db
from .models import RecordsRequest
from .query import DUE_SOON_DAYS

#: The deadline chart's horizon: the overdue requests, then four weeks ahead.
CHART_WEEKS = 4


@dataclass(frozen=True)
class RequestCounts:
    """How many open requests there are, and how many need attention."""

    open: int
    overdue: int
    due_this_week: int
    awaiting_documents: int


@dataclass(frozen=True)
class Overview:
    """The dashboard's counts and its chart of deadlines, from one pass over the open requests."""

    counts: RequestCounts
    deadlines: Chart


def overview(organisation_id: int, today: date) -> Overview:
    """Count the organisation's open requests by urgency and chart their next deadlines.

    One aggregate over ix_request_org_status_due (status, next deadline and live documents,
    read from the index alone): every figure is a conditional count, so no row per request or
    per day comes back.
    """
    week_starts = {f"week_{week}": today + timedelta(weeks=week)
                   for week in range(CHART_WEEKS + 1)}
    row = db.session.execute(_overview_statement(),
                             {"organisation_id": organisation_id, **week_starts}).one()
    open_count, overdue, awaiting_documents, *weeks = row
    # "Due this week" is the chart's first week: today and the six days after it.
    counts = RequestCounts(open_count, overdue, weeks[0], awaiting_documents)
    return Overview(counts, _deadline_chart(today, [overdue, *weeks]))


@cache
def _overview_statement():
    # Built once, with the organisation and the weeks' first days as parameters: its nine
    # conditional counts took longer to build, each view, than to run.
    due = RecordsRequest.next_due_on
    starts = [bindparam(f"week_{week}", type_=Date) for week in range(CHART_WEEKS + 1)]
    weeks = [func.count(case((and_(due >= start, due < end), 1)))
             for start, end in zip(starts, starts[1:])]
    return (select(func.count(), func.count(case((due < starts[0], 1))),
                   func.count(case((RecordsRequest.live_document_count == 0, 1))), *weeks)
            .where(RecordsRequest.organisation_id == bindparam("organisation_id"),
                   RecordsRequest.status.in_(OPEN_STATUSES)))


def request_counts(organisation_id: int, today: date) -> RequestCounts:
    """Count the organisation's open requests by urgency."""
    return overview(organisation_id, today).counts


def deadline_chart(organisation_id: int, today: date) -> Chart:
    """Chart the open requests by next deadline: overdue, then each of the next four weeks."""
    return overview(organisation_id, today).deadlines


def _deadline_chart(today: date, buckets: list[int]) -> Chart:
    # The first week of the chart is the dashboard's "due this week": they must not disagree.
    assert DUE_SOON_DAYS == 7
    labels = ["Overdue"] + [_week_label(today, week) for week in range(CHART_WEEKS)]
    return Chart(title="Deadlines", label_name="Due", unit="requests", value_name="Open",
                 points=tuple(Point(label, Decimal(count)) for label, count in zip(labels, buckets)),
                 horizontal=False, decimals=0)


def _week_label(today: date, week: int) -> str:
    first = today + timedelta(weeks=week)
    last = first + timedelta(days=6)
    ends = str(last.day) if last.month == first.month else f"{last:%b} {last.day}"
    return f"{first:%b} {first.day}–{ends}"
