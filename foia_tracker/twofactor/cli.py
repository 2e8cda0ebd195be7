"""`flask --app foia_tracker two-factor reset EMAIL`: for a user who lost phone and codes."""

import click

from .services import TwoFactorError, twofactor_reset


@click.command("reset")
@click.argument("email")
def reset_command(email: str) -> None:
    """Turn off EMAIL's two-factor sign-in and end their sessions (they enrol again)."""
    try:
        user = twofactor_reset(email=email)
    except TwoFactorError as error:
        raise click.ClickException(str(error)) from None
    note = " Their organisation requires it: they are asked to enrol again at their next login." \
        if user.organisation.is_two_factor_required else ""
    click.echo(f"Two-factor sign-in of {user.email} is off; their sessions are ended.{note}")
