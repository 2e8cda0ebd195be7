"""`flask --app foia_tracker poll-mailboxes`: check the connected mailboxes once."""

import click
from flask import current_app

from .jobs import mailboxes_poll_all
from .models import Mailbox
from .sealing import key_state
from ..extensions import db


@click.command("poll-mailboxes")
def poll_mailboxes_command():
    """Read new mail from every connected mailbox and file it; exit 1 if one failed."""
    problem = key_state(current_app.config)
    if problem is not None:
        raise click.ClickException(f"Mailboxes are switched off: FOIA_MAILBOX_KEY is {problem}.")
    results = mailboxes_poll_all()
    for result in results:
        mailbox = db.session.get(Mailbox, result.mailbox_id)
        click.echo(f"{mailbox.organisation.code} / {mailbox.name}: {result}")
    if not results:
        click.echo("No mailbox is connected.")
    if any(result.error for result in results):
        raise SystemExit(1)


COMMANDS = (poll_mailboxes_command,)
