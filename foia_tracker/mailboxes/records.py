"""Store each received message's authentication verdict, and find it for the pages.

Mail read from a mailbox is verified as it is read. Mail piped in by the mail server is
verified by the scheduler's next mailbox run (`authentication_sweep`), a minute or two after
receipt: the pipe answers the mail server at once and never waits on DNS.
"""

import hashlib

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..mail_intake.models import IntakeMessage
from ..mail_intake.received import RawMail
from ..storage import StoreError, document_store
from .models import MessageAuthentication
from .verdict import Verdict, authentication_verdict, unchecked_verdict

#: Larger messages are kept but not verified: dkimpy holds the whole message in memory.
MAX_VERIFIED_BYTES = 64 * 1024 * 1024


def authentication_record(*, organisation_id: int, raw: bytes | RawMail, dnsfunc=None,
                          trusted_authserv_id: str | None = None) -> MessageAuthentication:
    """Verify the raw message once and keep its verdict; return the kept one."""
    sha256 = raw.sha256 if isinstance(raw, RawMail) else hashlib.sha256(raw).hexdigest()
    kept = authentication_for_raw(organisation_id=organisation_id, raw_sha256=sha256)
    if kept is not None:
        return kept
    size = raw.size if isinstance(raw, RawMail) else len(raw)
    if size > MAX_VERIFIED_BYTES:
        verdict = unchecked_verdict(f"the message is over {MAX_VERIFIED_BYTES // 2**20} MB")
    else:
        verdict = authentication_verdict(raw.read() if isinstance(raw, RawMail) else raw,
                                         dnsfunc=dnsfunc, trusted_authserv_id=trusted_authserv_id)
    row = _row(organisation_id, sha256, verdict)
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        # The pipe or another poller recorded the same bytes first; theirs stands.
        db.session.rollback()
        row = authentication_for_raw(organisation_id=organisation_id, raw_sha256=sha256)
    return row


def authentication_sweep(*, dnsfunc=None, limit: int = 200) -> int:
    """Verify received messages that have no verdict yet (piped ones); return how many."""
    waiting = db.session.execute(
        select(IntakeMessage.organisation_id, IntakeMessage.raw_sha256)
        .outerjoin(MessageAuthentication, and_(
            MessageAuthentication.organisation_id == IntakeMessage.organisation_id,
            MessageAuthentication.raw_sha256 == IntakeMessage.raw_sha256))
        .where(MessageAuthentication.id.is_(None))
        .group_by(IntakeMessage.organisation_id, IntakeMessage.raw_sha256)
        .limit(limit)).all()
    db.session.rollback()
    done = 0
    for organisation_id, sha256 in waiting:
        raw = _stored(sha256)
        if raw is not None:
            authentication_record(organisation_id=organisation_id, raw=raw, dnsfunc=dnsfunc)
            done += 1
    return done


def _stored(sha256: str) -> bytes | None:
    # A missing or unreachable file is verify-documents' business; it is tried again next run.
    try:
        with document_store().open(sha256) as stored:
            return stored.read(MAX_VERIFIED_BYTES + 1)
    except StoreError:
        return None


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
