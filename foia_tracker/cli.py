"""Command-line commands, registered on `flask --app foia_tracker`."""

import json
from datetime import date

import click
from flask import Flask, current_app, url_for



def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_organisation_command)
    app.cli.add_command(deadlines_command)
    app.cli.add_command(recompute_deadlines_command)
    app.cli.add_command(send_alerts_command)
    app.cli.add_command(run_scheduler_command)
    app.cli.add_command(serve_command)
    from .backup.cli import backup_command, restore_command
    from .bulk_intake.cli import COMMANDS as bulk_intake_commands
    from .documents.cli import COMMANDS as document_commands
    from .documents.search_cli import COMMANDS as search_commands
    from .exports.cli import COMMANDS as export_commands

    for command in (backup_command, restore_command, *document_commands, *export_commands,
                    *bulk_intake_commands, *search_commands):
        app.cli.add_command(command)
    from .ocr.cli import COMMANDS as ocr_commands

    for command in ocr_commands:
        app.cli.add_command(command)
    from .mail_intake.cli import receive_mail_command

    app.cli.add_command(receive_mail_command)
    from .mailboxes.cli import COMMANDS as mailbox_commands

    for command in mailbox_commands:
        app.cli.add_command(command)


@click.command("send-alerts")
@click.option("--now", "now_text", metavar="ISO-8601-UTC",
              help="Run the sweep as if at this instant, e.g. 2026-11-26T16:00:00Z.")
def send_alerts_command(now_text):
    """Run one alert sweep: queue the digests and alerts due, then deliver the outbox."""
    from .alerts.jobs import run_alerts

    result = run_alerts(current_app._get_current_object(), now=_parse_now(now_text))
    sweep, delivery = result.sweep, result.delivery
    click.echo(f"Queued {sweep.digests} digests and {sweep.alerts} alerts; "
               f"created {sweep.followups} follow-up tasks.")
    click.echo(f"Delivery: {delivery}")


@click.command("run-scheduler")
def run_scheduler_command():
    """Run the alert scheduler in this process until stopped (the production set-up)."""
    from .alerts.scheduler import build_scheduler

    click.echo("Alert scheduler running; stop with Ctrl+C.")
    try:
        build_scheduler(current_app._get_current_object(), blocking=True).start()
    except (KeyboardInterrupt, SystemExit):
        click.echo("Alert scheduler stopped.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--scheduler/--no-scheduler", default=True, show_default=True,
              help="Also run the alert scheduler in this process.")
def serve_command(host, port, scheduler):
    """Run the development server, with the alert scheduler started exactly once."""
    app = current_app._get_current_object()
    if scheduler:
        from .alerts.scheduler import build_scheduler

        # Started here, not in create_app, and without the reloader, so it runs once only.
        build_scheduler(app, blocking=False).start()
    # Flask refuses app.run() inside its CLI; run_simple is what it would have called.
    from werkzeug.serving import run_simple

    run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


def _parse_now(text: str | None):
    from datetime import datetime, timezone

    if not text:
        return None
    try:
        now = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter("use ISO 8601, e.g. 2026-11-26T16:00:00Z", param_hint="--now")
    if now.tzinfo is None:
        raise click.BadParameter("give the time zone, e.g. a trailing Z for UTC", param_hint="--now")
    return now.astimezone(timezone.utc)


@click.command("deadlines")
@click.argument("jurisdiction")
@click.argument("received_on", type=click.DateTime(formats=["%Y-%m-%d"]))
def deadlines_command(jurisdiction, received_on):
    """Print the statutory deadlines of a request received on RECEIVED_ON (YYYY-MM-DD) as JSON."""
    from .deadlines import CalendarRangeError, NoRuleInForce, UnknownJurisdiction, deadline_report

    try:
        report = deadline_report(jurisdiction.upper(), received_on.date())
    except (UnknownJurisdiction, NoRuleInForce, CalendarRangeError) as error:
        raise click.BadParameter(str(error), param_hint="JURISDICTION/RECEIVED_ON")
    click.echo(json.dumps(report, indent=2, ensure_ascii=False))


@click.command("recompute-deadlines")
def recompute_deadlines_command():
    """Recompute and store the deadlines of every request (after a rule or holiday data change)."""
    from .records.recompute import deadlines_recompute_all

    changed, total = deadlines_recompute_all(reason="recomputed from the command line",
                                             after_rule_data_change=True)
    click.echo(f"Recomputed {total} requests; {changed} had a due date change.")


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
