"""The scheduler's job and the CLI's command: check every connected mailbox once."""

from flask import Flask, current_app
from sqlalchemy import select

from ..extensions import db
from .models import Mailbox
from .polling import PollResult, mailbox_poll
from .sealing import key_state


def mailboxes_poll_all(*, dnsfunc=None) -> list[PollResult]:
    """Check each mailbox of every organisation; nothing when no key is configured."""
    if key_state(current_app.config) is not None:
        return []
    ids = list(db.session.scalars(select(Mailbox.id).order_by(Mailbox.id)))
    return [mailbox_poll(mailbox_id=mailbox_id, dnsfunc=dnsfunc) for mailbox_id in ids]


def run_mailbox_polls(app: Flask) -> list[PollResult]:
    """Run one round of mailbox checks in an app context (the scheduler's entry point)."""
    with app.app_context():
        try:
            return mailboxes_poll_all()
        finally:
            db.session.remove()
