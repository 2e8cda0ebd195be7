"""Record an audit event for every change to an audited model, in the same transaction."""

import enum
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from ..db_types import utcnow
from .models import AuditEvent

_actor: ContextVar = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user):
    """Attribute the changes made inside the block to this user."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def set_actor(user) -> None:
    """Attribute changes in the current context (a web request) to this user."""
    _actor.set(user)


def install() -> None:
    """Listen to every session flush; idempotent so app factories can call it repeatedly."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)


def record_bulk_changes(session, rows: list[dict], *, object_type: str, reason: str) -> None:
    """Audit changes written with bulk SQL, which the flush listener never sees.

    Each row needs object_id, object_label, organisation_id and changes ({field: [old, new]}).
    """
    if not rows:
        return
    actor = _actor.get()
    now = utcnow()
    session.execute(insert(AuditEvent.__table__), [{
        "actor_id": getattr(actor, "id", None), "occurred_at": now, "action": "changed",
        "object_type": object_type, "reason": reason,
        **{key: row[key] for key in ("object_id", "object_label", "organisation_id")},
        "changes": {key: [_plain(old), _plain(new)] for key, (old, new) in row["changes"].items()},
    } for row in rows])


def _after_flush(session, flush_context) -> None:
    rows = [
        row
        for action, objects in (("created", session.new), ("changed", session.dirty),
                                ("deleted", session.deleted))
        for obj in objects
        if getattr(obj, "__audited__", False)
        for row in [_row(action, obj)]
        if row is not None
    ]
    if rows:
        # Inserted through the connection: adding objects to the session mid-flush is not allowed.
        session.connection().execute(insert(AuditEvent.__table__), rows)


def _row(action: str, obj) -> dict | None:
    changes = _changes(obj, action)
    if action == "changed" and not changes:
        return None
    actor = _actor.get()
    state = inspect(obj)
    return {
        "organisation_id": getattr(obj, "organisation_id", None) or getattr(actor, "organisation_id", None),
        "actor_id": getattr(actor, "id", None),
        "occurred_at": utcnow(),
        "action": action,
        "object_type": type(obj).__name__,
        "object_id": state.identity[0] if state.identity else getattr(obj, "id", None),
        "object_label": (getattr(obj, "audit_label", None) or str(obj))[:300],
        "changes": changes,
        "reason": getattr(obj, "audit_reason", None),
    }


def _changes(obj, action: str) -> dict:
    state = inspect(obj)
    secret = getattr(obj, "__audit_secret__", frozenset())
    ignored = getattr(obj, "__audit_ignored__", frozenset())
    keys = [c.key for c in state.mapper.column_attrs] + list(getattr(obj, "__audit_collections__", ()))
    if action == "changed":
        # Only attributes set since the last flush can have changed; looking at the others
        # would cost time and could load collections.
        keys = [key for key in keys if key in state.committed_state]
    changes = {}
    for key in keys:
        if key in ("created_at", "updated_at") or key in ignored:
            continue
        old, new = _old_new(state.attrs[key].history, action, key in state.mapper.relationships)
        if old == new:
            continue
        changes[key] = ["(hidden)", "(changed)"] if key in secret else [old, new]
    return changes


def _old_new(history, action: str, is_collection: bool):
    if is_collection:
        unchanged = [str(x) for x in history.unchanged]
        old = sorted(unchanged + [str(x) for x in history.deleted])
        new = sorted(unchanged + [str(x) for x in history.added])
        return (old or None, new or None) if action != "deleted" else (old or None, None)
    if action == "deleted":
        values = history.unchanged or history.deleted
        return _plain(values[0]) if values else None, None
    old = _plain(history.deleted[0]) if history.deleted else None
    new = _plain(history.added[0]) if history.added else (
        _plain(history.unchanged[0]) if action == "created" and history.unchanged else old)
    return old, new


def _plain(value):
    """Return a JSON-safe rendering of a column value."""
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        # As text, so amounts stay exact (and JSON columns refuse Decimal).
        return str(value)
    return value
