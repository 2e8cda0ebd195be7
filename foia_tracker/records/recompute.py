"""Recompute stored deadlines in bulk: after a closure, a holiday or a rule data change."""

from collections import defaultdict

from sqlalchemy import bindparam, select, update

from ..agencies.models import Agency
from ..audit.recorder import record_bulk_changes
from ..closures.lookup import ClosureIndex
from ..communications.models import Communication
from ..extensions import db
from ..orgs.models import Organisation
from .deadlines import DeadlineInputs, DeadlineSummary, clocks_of, summarise, timeline_events
from .models import RecordsRequest

_BATCH = 2000
R = RecordsRequest


def deadlines_recompute_all(*, reason: str, jurisdiction: str | None = None,
                            agency_id: int | None = None,
                            organisation_id: int | None = None) -> tuple[int, int]:
    """Recompute the requests of an agency, a jurisdiction, an organisation or all; return (changed, total).

    Reads and writes plain rows in batches by id (memory stays flat, no ORM unit of work), audits
    every moved date with the reason, and commits once.
    """
    query = (
        select(R.id, R.organisation_id, R.agency_id, R.year, R.number, R.title, R.received_on,
               R.sent_on, R.channel, R.status, R.deadlines, R.next_clock, R.next_due_on, R.estimated_on,
               Agency.jurisdiction, Organisation.followup_policy_days)
        .join(Agency, R.agency_id == Agency.id).join(Organisation, R.organisation_id == Organisation.id)
        .where(R.received_on.is_not(None)).order_by(R.id).limit(_BATCH)
    )
    if jurisdiction:
        query = query.where(Agency.jurisdiction == jurisdiction)
    if agency_id:
        query = query.where(R.agency_id == agency_id)
    if organisation_id:
        query = query.where(R.organisation_id == organisation_id)
    closures = ClosureIndex()
    changed = total = last_id = 0
    while batch := db.session.execute(query.where(R.id > last_id)).all():
        changed += _recompute_batch(batch, closures, reason)
        total += len(batch)
        last_id = batch[-1].id
    db.session.commit()
    # Objects loaded before the bulk update would show the old dates.
    db.session.expire_all()
    return changed, total


def _recompute_batch(batch, closures: ClosureIndex, reason: str) -> int:
    entries = _entries_by_request([row.id for row in batch])
    updates, audits = [], []
    for row in batch:
        inputs = DeadlineInputs(row.jurisdiction, row.received_on, row.sent_on,
                                row.channel.name if row.channel else None, row.status,
                                row.followup_policy_days, entries.get(row.id, ()))
        clocks = clocks_of(inputs, closures.for_agency(row.agency_id, row.jurisdiction))
        new = summarise(row.status, clocks, timeline_events(inputs).agency_estimated_on)
        old = DeadlineSummary(row.deadlines or {}, row.next_clock, row.next_due_on, row.estimated_on)
        if new != old:
            updates.append({"request_id": row.id, "deadlines": new.deadlines,
                            "next_clock": new.next_clock, "next_due_on": new.next_due_on,
                            "estimated_on": new.estimated_on})
            audits.append({"object_id": row.id, "organisation_id": row.organisation_id,
                           "object_label": f"{row.year}-{row.number:04d} {row.title}",
                           "changes": _changes(old, new)})
    if updates:
        db.session.execute(
            update(R.__table__).where(R.__table__.c.id == bindparam("request_id"))
            .values(deadlines=bindparam("deadlines"), next_clock=bindparam("next_clock"),
                    next_due_on=bindparam("next_due_on"), estimated_on=bindparam("estimated_on")),
            updates)
        record_bulk_changes(db.session, audits, object_type="RecordsRequest", reason=reason)
    return len(updates)


def _entries_by_request(request_ids: list[int]) -> dict[int, tuple]:
    rows = db.session.execute(
        select(Communication.request_id, Communication.id, Communication.kind,
               Communication.occurred_on, Communication.extension_days, Communication.summary,
               Communication.estimated_on)
        .where(Communication.request_id.in_(request_ids)))
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.request_id].append(row)
    return {request_id: tuple(entries) for request_id, entries in grouped.items()}


def _changes(old: DeadlineSummary, new: DeadlineSummary) -> dict:
    return {key: (getattr(old, key), getattr(new, key))
            for key in ("deadlines", "next_clock", "next_due_on", "estimated_on")
            if getattr(old, key) != getattr(new, key)}
