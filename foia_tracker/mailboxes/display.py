"""The verdicts shown on a request's timeline: each mailed communication's authentication."""

from functools import cache

from sqlalchemy import bindparam, select

from ..extensions import db
from ..mail_intake.models import IntakeMessage, MailFiling
from .models import MessageAuthentication


def communication_verdicts(records_request) -> dict[int, MessageAuthentication]:
    """Return the authentication verdict of each communication of the request that came by mail."""
    rows = db.session.execute(_verdicts_statement(), {"request_id": records_request.id})
    return {communication_id: verdict for communication_id, verdict in rows}


@cache
def _verdicts_statement():
    # Built once: the request page runs it on every view.
    return (select(MailFiling.communication_id, MessageAuthentication)
            .join(IntakeMessage, IntakeMessage.id == MailFiling.intake_message_id)
            .join(MessageAuthentication,
                  (MessageAuthentication.organisation_id == IntakeMessage.organisation_id)
                  & (MessageAuthentication.raw_sha256 == IntakeMessage.raw_sha256))
            .where(MailFiling.request_id == bindparam("request_id"),
                   MailFiling.communication_id.is_not(None)))
