"""Recompute stored deadlines in bulk: after a closure, a holiday or a rule data change."""

import gc
from contextlib import contextmanager
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from sqlalchemy import bindparam, or_, select, update

from ..agencies.models import Agency
from ..audit.recorder import record_bulk_changes
from ..closures.lookup import ClosureIndex
from ..communications.models import Communication
from ..communications.status import Kind
from ..db_types import utcnow
from ..deadlines import BusinessCalendar, business_calendar, versions_for
from ..extensions import db
from ..orgs.models import Organisation
from .deadlines import EVENT_KINDS, DeadlineInputs, summary_of
from .models import RecordsRequest

_BATCH = 2000
R = RecordsRequest
#: The stored columns of a DeadlineSummary, in its field order.
_STORED = ("deadlines", "next_clock", "next_due_on", "estimated_on")


def deadlines_recompute_all(*, reason: str, jurisdiction: str | None = None,
                            agency_id: int | None = None,
                            organisation_id: int | None = None,
                            after_rule_data_change: bool = False) -> tuple[int, int]:
    """Recompute the requests of an agency, a jurisdiction, an organisation or all; return (changed, total).

    Reads and writes plain rows in batches by id (memory stays flat, no ORM unit of work), audits
    every moved date with the reason, and commits once. After a release changed the rule data, the
    reason of each moved date also names what its jurisdiction's latest correction changed.
    """
    def scoped(query):
        query = query.where(R.received_on.is_not(None))
        if jurisdiction:
            query = query.where(Agency.jurisdiction == jurisdiction)
        if agency_id:
            query = query.where(R.agency_id == agency_id)
        if organisation_id:
            query = query.where(R.organisation_id == organisation_id)
        return query

    requests = scoped(
        select(R.id, R.organisation_id, R.agency_id, R.year, R.number, R.title, R.received_on,
               R.sent_on, R.channel, R.status, R.deadlines, R.next_clock, R.next_due_on, R.estimated_on,
               Agency.jurisdiction, Organisation.followup_policy_days)
        .join(Agency, R.agency_id == Agency.id).join(Organisation, R.organisation_id == Organisation.id)
    ).order_by(R.id).limit(_BATCH)
    # The timelines of one batch: its id range under the same scope, so no list of ids is sent.
    # Only the entries timeline_events acts on: the others (the request itself, notes, appeal
    # decisions, withdrawals...) leave every clock where it is unless they carry an estimate.
    entries = scoped(
        select(Communication.request_id, Communication.id, Communication.kind,
               Communication.occurred_on, Communication.extension_days, Communication.summary,
               Communication.estimated_on)
        .join(R, Communication.request_id == R.id).join(Agency, R.agency_id == Agency.id)
        .where(R.id > bindparam("after"), R.id <= bindparam("through"))
        .where(or_(Communication.kind.in_(sorted(EVENT_KINDS, key=attrgetter("name"))),
                   Communication.estimated_on.is_not(None)))
    )
    reasons = _Reasons(reason, with_rule_data=after_rule_data_change)
    calendars = _Calendars(ClosureIndex())
    writer = _DeadlineWriter(db.session.connection())
    changed = total = last_id = 0
    with _cycle_collection_paused():
        while batch := db.session.execute(requests.where(R.id > last_id)).all():
            timelines = _timelines(db.session.execute(entries, {"after": last_id, "through": batch[-1].id}))
            changed += _recompute_batch(batch, timelines, calendars, writer, reasons)
            total += len(batch)
            last_id = batch[-1].id
    db.session.commit()
    # Objects loaded before the bulk update would show the old dates.
    db.session.expire_all()
    return changed, total


@contextmanager
def _cycle_collection_paused():
    """Pause Python's cycle collector inside the block."""
    # A batch holds tens of thousands of live rows, parameters and audit rows; they set off a full
    # collection of the whole heap every batch or two (28 of them, a quarter of the time of a
    # 100,000-request fill). They hold no reference cycles: reference counting frees them anyway.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Calendars:
    """One business calendar per jurisdiction and set of closure days, shared by all its requests."""

    # A calendar caches the closed days of the years it has counted over: built per request, that
    # work was most of the engine's time.

    def __init__(self, closures: ClosureIndex):
        self._closures = closures
        self._by_agency: dict[tuple[int, str], tuple[dict, BusinessCalendar]] = {}
        self._by_days: dict[tuple, BusinessCalendar] = {}

    def for_agency(self, agency_id: int, jurisdiction: str) -> tuple[dict, BusinessCalendar]:
        """Return the agency's closure days and the calendar counting over them."""
        key = (agency_id, jurisdiction)
        got = self._by_agency.get(key)
        if got is None:
            days = self._closures.for_agency(agency_id, jurisdiction)
            shared = (jurisdiction, frozenset(days.items()))
            calendar = self._by_days.get(shared)
            if calendar is None:
                calendar = self._by_days[shared] = business_calendar(jurisdiction, days)
            got = self._by_agency[key] = (days, calendar)
        return got


class _Reasons:
    """The audit reason of a moved date, by jurisdiction."""

    def __init__(self, reason: str, *, with_rule_data: bool):
        self._reason = reason
        self._with_rule_data = with_rule_data
        self._by_jurisdiction: dict[str, str] = {}

    def of(self, jurisdiction: str) -> str:
        """Return the reason, with the jurisdiction's latest rule-data correction if any."""
        got = self._by_jurisdiction.get(jurisdiction)
        if got is None:
            corrected = versions_for(jurisdiction)[0].corrected if self._with_rule_data else ""
            got = f"{self._reason}; rule data corrected {corrected}" if corrected else self._reason
            self._by_jurisdiction[jurisdiction] = got
        return got


class _DeadlineWriter:
    """UPDATE the stored deadline columns of many requests by id: one executemany per moved-column set."""

    # Each statement is compiled once and its rows go to the driver as plain tuples, every value
    # through its column type's bind processor as SQLAlchemy would convert it. SQLAlchemy's own
    # executemany builds and processes a parameter dict per row and calls the updated_at default
    # per row: on 100,000 rows that cost as much as SQLite's work on the update itself.

    def __init__(self, connection):
        self._connection = connection
        self._updates: dict[tuple[str, ...], _CompiledUpdate] = {}

    def write(self, updates: dict[tuple[str, ...], list[tuple]]) -> None:
        """Write {columns: [(request_id, new value per column), ...]}; updated_at is stamped once per call."""
        updated_at = utcnow()
        for columns, rows in updates.items():
            statement = self._updates.get(columns)
            if statement is None:
                statement = self._updates[columns] = _CompiledUpdate(columns, self._connection.dialect)
            self._connection.exec_driver_sql(statement.sql, statement.parameters(rows, updated_at))


class _CompiledUpdate:
    """UPDATE records_request SET some stored columns and updated_at WHERE id, compiled for one dialect."""

    def __init__(self, columns: tuple[str, ...], dialect):
        table = R.__table__
        compiled = (update(table).where(table.c.id == bindparam("request_id"))
                    .values({column: bindparam(column) for column in (*columns, "updated_at")})
                    .compile(dialect=dialect))
        self.sql = compiled.string
        self._is_positional = dialect.positional
        self._names = list(compiled.positiontup if dialect.positional else compiled.binds)
        self._convert = {name: table.c["id" if name == "request_id" else name].type
                         .dialect_impl(dialect).bind_processor(dialect) for name in self._names}
        # Where each bind's value sits in a row of (request_id, *columns, updated_at).
        self._places = [("request_id", *columns, "updated_at").index(name) for name in self._names]

    def parameters(self, rows: list[tuple], updated_at) -> list:
        """Return the driver's parameters for rows of (request_id, *new values), all stamped updated_at."""
        convert_stamp = self._convert["updated_at"]
        stamp = convert_stamp(updated_at) if convert_stamp else updated_at
        binds = [(place, None if name == "updated_at" else self._convert[name])
                 for name, place in zip(self._names, self._places)]
        values = [tuple(convert(row[place]) if convert else row[place] for place, convert in binds)
                  for row in [(*row, stamp) for row in rows]]
        if self._is_positional:
            return values
        return [dict(zip(self._names, row)) for row in values]


class _Entry(NamedTuple):
    """A timeline entry as the engine reads it; a plain tuple's attributes cost a tenth of a Row's."""

    request_id: int
    id: int
    kind: Kind
    occurred_on: date
    extension_days: int | None
    summary: str
    estimated_on: date | None


def _timelines(rows) -> dict[int, tuple[_Entry, ...]]:
    grouped: dict[int, list[_Entry]] = {}
    for row in rows:
        entry = _Entry._make(row)
        entries = grouped.get(entry.request_id)
        if entries is None:
            entries = grouped[entry.request_id] = []
        entries.append(entry)
    return {request_id: tuple(entries) for request_id, entries in grouped.items()}


def _recompute_batch(batch, timelines: dict[int, tuple], calendars: _Calendars, writer: _DeadlineWriter,
                     reasons: _Reasons) -> int:
    # Grouped by the columns that moved, so each UPDATE writes (and re-indexes) only those.
    updates: dict[tuple[str, ...], list[tuple]] = {}
    audits: dict[str, list[dict]] = {}
    # Unpacked once: each attribute read on a Row costs more than the unpacking of all sixteen.
    for (request_id, organisation_id, agency_id, year, number, title, received_on, sent_on, channel,
         status, deadlines, next_clock, next_due_on, estimated_on, jurisdiction, followup_days) in batch:
        days, calendar = calendars.for_agency(agency_id, jurisdiction)
        new = summary_of(DeadlineInputs(jurisdiction, received_on, sent_on, channel.name if channel else None,
                                        status, followup_days, timelines.get(request_id, ())),
                         days, calendar=calendar)
        stored = (deadlines or {}, next_clock, next_due_on, estimated_on)
        recomputed = (new.deadlines, new.next_clock, new.next_due_on, new.estimated_on)
        if stored == recomputed:
            continue
        changes = {column: (old, now) for column, old, now in zip(_STORED, stored, recomputed) if old != now}
        updates.setdefault(tuple(changes), []).append((request_id, *(now for _, now in changes.values())))
        audits.setdefault(reasons.of(jurisdiction), []).append(
            {"object_id": request_id, "organisation_id": organisation_id,
             "object_label": f"{year}-{number:04d} {title}", "changes": changes})
    writer.write(updates)
    for reason, rows in audits.items():
        record_bulk_changes(db.session, rows, object_type="RecordsRequest", reason=reason)
    return sum(len(rows) for rows in audits.values())
