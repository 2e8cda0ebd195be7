"""Command-line commands, registered on `flask --app foia_tracker`."""

from datetime import date

import click
from flask import Flask, current_app, url_for

from .extensions import db


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_organisation_command)


@click.command("seed-demo")
def seed_demo_command():
    """Load demo data into an empty database and print the demo login once."""
    from .demo import DatabaseNotEmpty, seed_demo

    try:
        email, password = seed_demo(date.today())
    except DatabaseNotEmpty:
        raise click.ClickException(
            "The database already has organisations; demo data goes into an empty database only.")
    click.echo("Demo data loaded. Log in as:")
    click.echo(f"  e-mail:   {email}")
    click.echo(f"  password: {password}")
    click.echo("This password is shown once; it is not stored anywhere in plain text.")


@click.command("create-organisation")
@click.option("--name", required=True, help="Display name, e.g. 'ACLU of Oregon'.")
@click.option("--code", required=True, help="Short prefix for request numbers, e.g. OR.")
@click.option("--admin-name", required=True)
@click.option("--admin-email", required=True)
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Address where users reach the app, for the invitation link.")
def create_organisation_command(name, code, admin_name, admin_email, base_url):
    """Add an organisation and print an invitation link for its first admin."""
    from .orgs.forms import code_problem
    from .orgs.services import OrganisationExists, organisation_with_admin
    from .users.services import invitation_token

    problem = code_problem(code) or _email_problem(admin_email)
    if problem:
        raise click.BadParameter(problem)
    try:
        admin = organisation_with_admin(name=name, code=code, admin_name=admin_name,
                                        admin_email=admin_email)
    except OrganisationExists as error:
        raise click.ClickException(str(error))
    token = invitation_token(admin, current_app.config["SECRET_KEY"])
    with current_app.test_request_context(base_url=base_url):
        link = url_for("auth.accept_invitation", token=token, _external=True)
    click.echo(f"Created {name} ({code.upper()}). Send this invitation link to {admin_email}:")
    click.echo(link)


def _email_problem(email: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return str(error)
    return None
