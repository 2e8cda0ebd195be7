"""Use-cases an admin runs on the outbox."""

from ..db_types import utcnow
from ..extensions import db
from .models import MailStatus, OutboxMessage


class MessageNotFound(LookupError):
    """No such message in this organisation's outbox."""


class MessageNotRetryable(ValueError):
    """Only a message that failed for good can be sent again by hand."""


def outbox_retry(*, message_id: int, organisation_id: int) -> None:
    """Queue a failed message again, for the next delivery run, with its attempts reset."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.organisation_id != organisation_id:
        raise MessageNotFound(f"There is no message {message_id} in your outbox.")
    if message.status is not MailStatus.failed:
        # A sent message retried would reach its recipient twice; a queued one is on its way.
        raise MessageNotRetryable(f"Only failed messages can be retried; this one is "
                                  f"{message.status.value.lower()}.")
    message.status = MailStatus.pending
    message.attempts = 0
    message.next_attempt_at = utcnow()
    message.claimed_at = message.claim_token = None
    db.session.commit()
