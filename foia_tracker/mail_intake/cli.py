"""`receive-mail`: the command a mail server pipes each message for the organisation to."""

import json

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..orgs.models import Organisation
from .filing import IntakeUnavailable, receive_message

#: sysexits.h: the mail server keeps the message and tries again later.
EX_TEMPFAIL = 75


@click.command("receive-mail")
@click.option("--organisation", "code", required=True, metavar="CODE",
              help="The organisation whose records address received the message, e.g. OR.")
@click.option("--recipient", "recipients", multiple=True, metavar="ADDRESS",
              help="The envelope recipient the mail server delivered to (records+REF@...).")
@click.argument("source", type=click.File("rb"), default="-", required=False)
def receive_mail_command(code, recipients, source):
    """Read one RFC 5322 message from SOURCE (default standard input) and file it.

    Prints one JSON object; exits 0 once the message is stored, 75 when it cannot be now.
    """
    try:
        organisation = db.session.scalar(select(Organisation).where(
            Organisation.code == code.strip().upper()))
        if organisation is None:
            _defer(f"There is no organisation with the code {code!r}; the message waits in the "
                   "mail server's queue until the configuration is fixed.")
        # The stream itself, read in chunks: a message may carry a 200 MB attachment.
        result = receive_message(organisation, source, via="pipe", recipients=tuple(recipients))
    except (IntakeUnavailable, SQLAlchemyError) as error:
        db.session.rollback()
        _defer(str(error).splitlines()[0] if str(error) else type(error).__name__)
    click.echo(json.dumps(result.as_json()))


def _defer(reason: str):
    click.echo(json.dumps({"status": "deferred", "request": None, "communication_id": None,
                           "documents": [], "reason": reason}))
    click.get_current_context().exit(EX_TEMPFAIL)
