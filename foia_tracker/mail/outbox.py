"""Write messages to the outbox, in the caller's transaction, at most once per idempotency key."""

from datetime import datetime

from sqlalchemy import insert, select

from ..db_types import utcnow
from ..extensions import db
from .models import OutboxMessage


def outbox_enqueue(*, key: str, organisation_id: int | None, kind: str, to_address: str,
                   subject: str, text_body: str, html_body: str,
                   send_after: datetime | None = None) -> bool:
    """Queue a message unless one with this key exists; return whether it was queued.

    The unique key still stops a duplicate when two sweepers race past this check: the
    loser's transaction fails and nothing of it is sent.
    """
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.idempotency_key == key)):
        return False
    return outbox_add(key=key, organisation_id=organisation_id, kind=kind, to_address=to_address,
                      subject=subject, text_body=text_body, html_body=html_body,
                      send_after=send_after)


def outbox_add(*, key: str, organisation_id: int | None, kind: str, to_address: str, subject: str,
               text_body: str, html_body: str, send_after: datetime | None = None) -> bool:
    """Queue a message whose key the caller has checked (the unique key still guards races)."""
    db.session.add(OutboxMessage(**_row(
        key=key, organisation_id=organisation_id, kind=kind, to_address=to_address,
        subject=subject, text_body=text_body, html_body=html_body, send_after=send_after)))
    return True


def outbox_add_all(messages: list[dict]) -> int:
    """Queue messages (outbox_add's arguments) whose keys the caller has checked; return how many.

    One multi-row INSERT: the unit of work would build and flush an object for each.
    """
    if messages:
        db.session.execute(insert(OutboxMessage), [_row(**message) for message in messages])
    return len(messages)


def _row(*, key: str, organisation_id: int | None, kind: str, to_address: str, subject: str,
         text_body: str, html_body: str, send_after: datetime | None = None) -> dict:
    return {"idempotency_key": key, "organisation_id": organisation_id, "kind": kind,
            "to_address": to_address, "subject": subject, "text_body": text_body,
            "html_body": html_body, "next_attempt_at": send_after or utcnow()}


def outbox_existing_keys(keys: list[str]) -> set[str]:
    """Return which of these idempotency keys are already in the outbox, in few queries."""
    found = set()
    for start in range(0, len(keys), 500):
        found.update(db.session.scalars(select(OutboxMessage.idempotency_key).where(
            OutboxMessage.idempotency_key.in_(keys[start:start + 500]))))
    return found
