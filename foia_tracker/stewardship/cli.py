"""The `operator` commands: who may edit shared agencies and closure days directly."""

import click

from ..audit.recorder import acting_as
from .operators import UnknownUser, operator_set, operators


@click.group("operator")
def operator_command():
    """Grant, revoke and list the installation's operators."""


@operator_command.command("grant")
@click.argument("email")
def grant_command(email):
    """Let the user with this e-mail edit every agency and closure day and review suggestions."""
    _set(email, True, "is now an operator", "is already an operator")


@operator_command.command("revoke")
@click.argument("email")
def revoke_command(email):
    """Take the operator rights away from the user with this e-mail."""
    _set(email, False, "is no longer an operator", "was not an operator")


@operator_command.command("list")
def list_command():
    """List the operators."""
    found = operators()
    if not found:
        click.echo("No operators. Grant the rights with: operator grant EMAIL")
    for user in found:
        active = "" if user.is_active else " (inactive)"
        click.echo(f"{user.email}\t{user.name}\t{user.organisation.name}{active}")


def _set(email: str, is_operator: bool, done: str, already: str) -> None:
    try:
        # Audited without an actor: the command line is the installation's own.
        with acting_as(None):
            user, changed = operator_set(email=email, is_operator=is_operator)
    except UnknownUser as error:
        raise click.ClickException(str(error))
    click.echo(f"{user.email} {done if changed else already}.")
