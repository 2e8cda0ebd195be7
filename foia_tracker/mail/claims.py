"""Claim due outbox rows for one sender, and record what became of each claimed row.

A claim is one UPDATE that re-checks the due condition, committed before anything is sent, so
two senders (threads, processes, or PostgreSQL connections) never hold the same row. Every
later write is guarded by the claim token: a sender whose claim went stale and was taken over
cannot overwrite the new owner's outcome.

Each function takes the sender's own connection (not the ORM session): a batch runs on one
connection, without a pool checkout and ping per commit.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, or_, select, update

from .models import MailStatus, OutboxMessage

#: The columns a sender needs, read as plain rows: no ORM objects to reload after each commit.
CLAIMED_COLUMNS = (OutboxMessage.id, OutboxMessage.idempotency_key, OutboxMessage.to_address,
                   OutboxMessage.subject, OutboxMessage.text_body, OutboxMessage.html_body,
                   OutboxMessage.attempts)


def claims_take(connection: Connection, *, now: datetime, stale_before: datetime,
                limit: int) -> str | None:
    """Claim up to `limit` due rows for a new token and commit; return it, or None if none."""
    token = uuid.uuid4().hex
    due = _due(now, stale_before)
    # Two statements on purpose: inside one UPDATE, PostgreSQL may re-run a LIMIT ... SKIP
    # LOCKED subquery per row and claim past the limit. SKIP LOCKED lets a concurrent
    # PostgreSQL sender take the next rows instead of waiting; SQLite ignores it and
    # serialises writers. The UPDATE re-checks `due` against the committed row either way,
    # so a row another sender claimed meanwhile is never claimed twice.
    ids = list(connection.scalars(
        select(OutboxMessage.id).where(due)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit).with_for_update(skip_locked=True)))
    if not ids:
        connection.rollback()
        return None
    result = connection.execute(
        update(OutboxMessage).where(OutboxMessage.id.in_(ids), due)
        .values(status=MailStatus.sending, claimed_at=now, claim_token=token))
    connection.commit()
    return token if result.rowcount else None


def claims_rows(connection: Connection, token: str) -> list:
    """Return the rows claimed under the token, oldest first."""
    return list(connection.execute(
        select(*CLAIMED_COLUMNS).where(OutboxMessage.claim_token == token,
                                       OutboxMessage.status == MailStatus.sending)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)))


def claim_mark_sent(connection: Connection, *, token: str, message_id: int,
                    sent_at: datetime) -> bool:
    """Record a message as sent and commit; return False if the claim was taken over."""
    return _finish(connection, token, message_id,
                   status=MailStatus.sent, sent_at=sent_at, last_error=None)


def claim_mark_failed(connection: Connection, *, token: str, message_id: int, attempts: int,
                      error: str) -> bool:
    """Record a message as failed for good and commit."""
    return _finish(connection, token, message_id,
                   status=MailStatus.failed, attempts=attempts, last_error=error)


def claim_mark_retry(connection: Connection, *, token: str, message_id: int, attempts: int,
                     error: str, next_attempt_at: datetime) -> bool:
    """Put a message back in the queue for a later attempt and commit."""
    return _finish(connection, token, message_id,
                   status=MailStatus.pending, attempts=attempts, last_error=error,
                   next_attempt_at=next_attempt_at, claimed_at=None, claim_token=None)


def claims_release(connection: Connection, token: str) -> int:
    """Hand back the token's unsent rows untouched, for the next sweep; return how many."""
    result = connection.execute(
        update(OutboxMessage).where(OutboxMessage.claim_token == token,
                                    OutboxMessage.status == MailStatus.sending)
        .values(status=MailStatus.pending, claimed_at=None, claim_token=None))
    connection.commit()
    return result.rowcount


def backoff_at(*, now: datetime, attempts: int, base_seconds: float) -> datetime:
    """Return when to try again after `attempts` failures: base, then twice as long each time."""
    return now + timedelta(seconds=base_seconds * 2 ** (attempts - 1))


def _due(now: datetime, stale_before: datetime):
    return or_(
        and_(OutboxMessage.status == MailStatus.pending, OutboxMessage.next_attempt_at <= now),
        and_(OutboxMessage.status == MailStatus.sending, OutboxMessage.claimed_at < stale_before))


def _finish(connection: Connection, token: str, message_id: int, **values) -> bool:
    # One commit per message: a crash loses at most the mark of the message in flight.
    result = connection.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id,
                                    OutboxMessage.claim_token == token).values(**values))
    connection.commit()
    return result.rowcount == 1
