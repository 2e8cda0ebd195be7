"""Message-IDs of mail sent about a request, so that replies to it find their request."""

from ..extensions import db
from .models import SentMessageId
from .parse import normal_message_id


def sent_message_remember(*, organisation_id: int, request_id: int, message_id: str) -> None:
    """Remember that this Message-ID was sent about the request (in the caller's transaction).

    Whatever sends mail to an agency calls this in the transaction that queues the message,
    so an agency's reply (In-Reply-To, References) or a bounce of it finds the request.
    """
    normal = normal_message_id(message_id)
    if normal is None:
        raise ValueError(f"not a Message-ID: {message_id!r}")
    db.session.add(SentMessageId(organisation_id=organisation_id, request_id=request_id,
                                 message_id=normal))
