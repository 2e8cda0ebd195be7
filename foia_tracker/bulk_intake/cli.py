"""The add-documents command: a production on disk, stored as documents of one request."""

import json

import click
from flask.cli import with_appcontext

#: Exit status when the request, user or timeline entry is wrong and nothing was read
#: (1 means files were read and at least one was refused).
EXIT_NOTHING_READ = 2


class NothingRead(click.ClickException):
    exit_code = EXIT_NOTHING_READ


@click.command("add-documents")
@click.argument("reference")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path())
@click.option("--came-with", "communication_id", type=int, metavar="COMMUNICATION_ID",
              help="The timeline entry the files came with (its id: the number in the "
                   "address of its edit page).")
@click.option("--as", "actor_email", metavar="EMAIL",
              help="The editor or admin adding the files (required); the audit log names them.")
@with_appcontext
def add_documents_command(reference, paths, communication_id, actor_email):
    """Store files, and folders recursively, as documents of the request REFERENCE.

    Prints one JSON object per file; exits 0 when none was refused, 1 otherwise, and 2 when
    the request, user or timeline entry is wrong (then nothing is read).
    """
    from .services import documents_add_from_disk
    from .target import TargetRefused, intake_target

    if not actor_email:
        # No default actor: every stored document and audit entry must name a real person.
        raise NothingRead("Say who is adding the documents with --as EMAIL (an editor or admin "
                          "of the request's organisation); nothing was read.")
    try:
        target = intake_target(reference=reference, actor_email=actor_email,
                               communication_id=communication_id)
    except TargetRefused as error:
        raise NothingRead(f"{error} Nothing was read.")
    refused = 0
    for outcome in documents_add_from_disk(target=target, paths=list(paths)):
        click.echo(json.dumps(outcome.as_dict()))
        refused += outcome.is_refused
    click.get_current_context().exit(1 if refused else 0)


#: Click commands registered on the app's CLI.
COMMANDS: list = [add_documents_command]
