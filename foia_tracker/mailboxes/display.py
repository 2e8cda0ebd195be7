"""The verdicts shown on a request's timeline: each mailed communication's authentication."""

from sqlalchemy import select

from ..extensions import db
from ..mail_intake.models import IntakeMessage, MailFiling
from .models import MessageAuthentication


def communication_verdicts(records_request) -> dict[int, MessageAuthentication]:
    """Return the authentication verdict of each communication of the request that came by mail."""
    rows = db.session.execute(
        select(MailFiling.communication_id, MessageAuthentication)
        .join(IntakeMessage, IntakeMessage.id == MailFiling.intake_message_id)
        .join(MessageAuthentication,
              (MessageAuthentication.organisation_id == IntakeMessage.organisation_id)
              & (MessageAuthentication.raw_sha256 == IntakeMessage.raw_sha256))
        .where(MailFiling.request_id == records_request.id,
               MailFiling.communication_id.is_not(None)))
    return {communication_id: verdict for communication_id, verdict in rows}
