"""The scheduler's job and the CLI's command: check every connected mailbox once."""

from flask import Flask, current_app
from sqlalchemy import select

from ..extensions import db
from .models import Mailbox
from .polling import PollResult, mailbox_poll
from .records import authentication_sweep
from .sealing import key_state


def mailboxes_poll_all(*, dnsfunc=None) -> list[PollResult]:
    """Check each mailbox of every organisation; nothing when no key is configured."""
    if key_state(current_app.config) is not None:
        return []
    ids = list(db.session.scalars(select(Mailbox.id).order_by(Mailbox.id)))
    return [mailbox_poll(mailbox_id=mailbox_id, dnsfunc=dnsfunc) for mailbox_id in ids]


def run_mailbox_polls(app: Flask) -> list[PollResult]:
    """Check every mailbox, then verify the senders of piped mail (the scheduler's job)."""
    with app.app_context():
        try:
            results = mailboxes_poll_all()
            authentication_sweep()
            return results
        finally:
            db.session.remove()
