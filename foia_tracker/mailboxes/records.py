"""Store each received message's authentication verdict, and find it for the pages."""

import hashlib

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from .models import MessageAuthentication
from .verdict import Verdict, authentication_verdict


def authentication_record(*, organisation_id: int, raw: bytes, dnsfunc=None,
                          trusted_authserv_id: str | None = None) -> MessageAuthentication:
    """Verify the raw message once and keep its verdict; return the kept one."""
    sha256 = hashlib.sha256(raw).hexdigest()
    kept = authentication_for_raw(organisation_id=organisation_id, raw_sha256=sha256)
    if kept is not None:
        return kept
    verdict = authentication_verdict(raw, dnsfunc=dnsfunc,
                                     trusted_authserv_id=trusted_authserv_id)
    row = _row(organisation_id, sha256, verdict)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        # The pipe or another poller recorded the same bytes first; theirs stands.
        db.session.rollback()
        row = authentication_for_raw(organisation_id=organisation_id, raw_sha256=sha256)
    return row


def authentication_for_raw(*, organisation_id: int, raw_sha256: str
                           ) -> MessageAuthentication | None:
    """Return the verdict kept for the message with this hash, if any."""
    return db.session.scalar(select(MessageAuthentication).where(
        MessageAuthentication.organisation_id == organisation_id,
        MessageAuthentication.raw_sha256 == raw_sha256))


def _row(organisation_id: int, sha256: str, verdict: Verdict) -> MessageAuthentication:
    return MessageAuthentication(
        organisation_id=organisation_id, raw_sha256=sha256, dkim=verdict.dkim,
        dkim_domain=_bounded(verdict.dkim_domain, 253), spf=verdict.spf, dmarc=verdict.dmarc,
        authserv_id=_bounded(verdict.authserv_id, 253), explanation=verdict.explanation)


def _bounded(value: str | None, length: int) -> str | None:
    # Header values are the sender's to choose; the columns are not.
    return value[:length] if value else value
