"""One poller per mailbox at a time: a claim taken in one UPDATE, every later write under it.

Two pollers (two scheduler processes, or the scheduler and "check now") would otherwise fetch
the same batch; filing dedupes anyway, but the claim keeps them from doing the work twice. A
claim older than MAILBOX_CLAIM_STALE_SECONDS belonged to a poller that died and is taken over.
"""

import uuid
from datetime import datetime

from sqlalchemy import or_, update

from ..extensions import db
from .models import Mailbox


def claim_take(*, mailbox_id: int, now: datetime, stale_before: datetime) -> str | None:
    """Claim the mailbox for a new token and commit; return it, or None if another holds it."""
    token = uuid.uuid4().hex
    result = db.session.execute(
        update(Mailbox).where(Mailbox.id == mailbox_id,
                              or_(Mailbox.claim_token.is_(None), Mailbox.claimed_at < stale_before))
        .values(claim_token=token, claimed_at=now))
    db.session.commit()
    return token if result.rowcount == 1 else None


def claim_advance(*, mailbox_id: int, token: str, uidvalidity: int, last_uid: int,
                  now: datetime) -> bool:
    """Record how far the mailbox was read and renew the claim; False if it was taken over."""
    return _under_claim(mailbox_id, token, uidvalidity=uidvalidity, last_uid=last_uid,
                        claimed_at=now)


def claim_finish(*, mailbox_id: int, token: str, now: datetime, error: str | None) -> bool:
    """Record the run's outcome and release the claim."""
    values = {"last_checked_at": now, "last_error": error, "claim_token": None,
              "claimed_at": None}
    if error is None:
        values["last_read_at"] = now
    return _under_claim(mailbox_id, token, **values)


def _under_claim(mailbox_id: int, token: str, **values) -> bool:
    result = db.session.execute(
        update(Mailbox).where(Mailbox.id == mailbox_id, Mailbox.claim_token == token)
        .values(**values))
    db.session.commit()
    return result.rowcount == 1
