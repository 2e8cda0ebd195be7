"""Data versions: a value per organisation that changes with every commit that changes its data.

Pages reuse what they rendered while their organisation's version stands (web.page_cache). Every
session commit that wrote an organisation's rows gives it a new version in the same transaction,
so the new version and the new data become visible together, to every worker process at once.

A version is a random number, not a counter: the same version then always means the same data,
even after a database is restored from a backup or recreated under a running process.

Which organisation a write concerns is read from the object written (its organisation_id, or its
request's). Writes that cannot be placed (shared agencies, closures, SQL statements) change every
organisation's version: a needless new version costs one fresh render, a missed one a stale page.
Bulk SQL run on the connection, past the session (the deadline recompute), calls `mark_changed`.
"""

import secrets
from typing import NamedTuple

from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import TextClause
from sqlalchemy.sql.dml import UpdateBase

#: Tables written often whose rows no cached page shows: writing them changes no version.
UNSHOWN_TABLES = frozenset({
    "audit_event", "outbox_message", "login_attempt", "sweep_run", "document_page",
})

EVERY_ORGANISATION = "every organisation"
_PENDING = "foia_changed_organisations"
_REQUESTS = "foia_changed_requests"


def new_version() -> int:
    """Return a fresh version: 62 random bits, in any database's BIGINT."""
    return secrets.randbits(62)


def install() -> None:
    """Listen to every session; idempotent so app factories can call it repeatedly."""
    for name, listener in (("before_flush", _before_flush), ("do_orm_execute", _on_execute),
                           ("before_commit", _before_commit),
                           ("after_transaction_end", _after_transaction_end)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def mark_changed(session: Session, organisation_ids=EVERY_ORGANISATION) -> None:
    """Record that this transaction changed the data of these organisations (default: all)."""
    pending = session.info.setdefault(_PENDING, set())
    if organisation_ids == EVERY_ORGANISATION:
        pending.add(EVERY_ORGANISATION)
    else:
        pending.update(organisation_ids)


def _before_flush(session: Session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        _mark_object(session, obj)


def _mark_object(session: Session, obj) -> None:
    if getattr(obj, "__tablename__", None) in UNSHOWN_TABLES:
        return
    place = _place(obj)
    if place is _NEW_ORGANISATION:
        return
    if isinstance(place, _Request):
        session.info.setdefault(_REQUESTS, set()).add(place.id)
    elif place is None:
        mark_changed(session)
    else:
        mark_changed(session, [place])


class _Request(NamedTuple):
    """A request whose organisation is looked up at commit, one query for all."""

    id: int


#: The object belongs to an organisation being created, whose version is new anyway.
_NEW_ORGANISATION = object()


def _place(obj):
    """Return the organisation id of the object, a _Request, _NEW_ORGANISATION, or None: unknown."""
    from .models import Organisation

    if isinstance(obj, Organisation):
        return obj.id if obj.id is not None else _NEW_ORGANISATION
    columns = inspect(obj).mapper.columns
    # Objects linked by relationship get their foreign keys only when flushed: look through.
    if "organisation_id" in columns:
        if obj.organisation_id is not None:
            return obj.organisation_id
        organisation = getattr(obj, "organisation", None)
        if organisation is not None:
            return _place(organisation)
    if "request_id" in columns:
        if obj.request_id is not None:
            return _Request(obj.request_id)
        request = getattr(obj, "request", None)
        if request is not None:
            return _place(request)
    return None


def _on_execute(state) -> None:
    """Place SQL statements run through the session: inserts by their rows, the rest everywhere."""
    statement = state.statement
    if state.is_select or _is_read(statement):
        return
    table = getattr(getattr(statement, "table", None), "name", None)
    if table in UNSHOWN_TABLES:
        return
    rows = state.parameters
    rows = [rows] if isinstance(rows, dict) else rows
    if state.is_insert and rows and all(row.get("organisation_id") is not None for row in rows):
        mark_changed(session=state.session, organisation_ids={row["organisation_id"] for row in rows})
    else:
        mark_changed(state.session)


def _is_read(statement) -> bool:
    if isinstance(statement, TextClause):
        # Only a plain SELECT is surely a read: WITH and EXPLAIN ANALYZE may wrap a write.
        words = statement.text.split(None, 1)
        return bool(words) and words[0].upper() == "SELECT"
    return not isinstance(statement, UpdateBase)


def _before_commit(session: Session) -> None:
    # The commit's own flush comes after this event: flush first, so its writes are counted.
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(_PENDING, set())
    requests = session.info.pop(_REQUESTS, set())
    if not pending and not requests:
        return
    from ..records.models import RecordsRequest
    from .models import Organisation

    table = Organisation.__table__
    bump = update(table).values(data_version=new_version())
    if EVERY_ORGANISATION not in pending:
        if requests:
            pending |= set(session.connection().scalars(
                select(RecordsRequest.organisation_id).where(RecordsRequest.id.in_(requests))
                .distinct()))
        if not pending:
            return
        bump = bump.where(table.c.id.in_(sorted(pending)))
    # On the connection, past the session: the bump is not a change to audit or to place.
    session.connection().execute(bump)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)
        session.info.pop(_REQUESTS, None)
