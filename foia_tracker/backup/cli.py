"""`flask backup` and `flask restore`."""

from pathlib import Path

import click
import flask_migrate
from flask import current_app

from ..extensions import db
from ..storage import document_store, format_size
from .archive import BackupError, backup, restore
from .schema import head_revision


@click.command("backup")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
def backup_command(destination):
    """Back up the database and the documents into DESTINATION (a new, empty folder)."""
    config = current_app.config
    try:
        summary = backup(config["SQLALCHEMY_DATABASE_URI"], document_store(), destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up the {summary.database} database and {summary.documents} document "
               f"files ({format_size(summary.document_bytes)}) to {destination}.")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(source, yes):
    """Replace this instance's database and documents with the backup in SOURCE."""
    if not yes:
        click.confirm("This replaces the whole database with the backup's. Go on?", abort=True)
    config = current_app.config
    # Our own open connections would block PostgreSQL's DROP TABLE and outlive SQLite's copy.
    db.session.remove()
    db.engine.dispose()
    try:
        summary = restore(config["SQLALCHEMY_DATABASE_URI"], document_store(), source,
                          upgrade=flask_migrate.upgrade)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored the {summary.database} database and {summary.documents} document "
               f"files ({format_size(summary.document_bytes)}).")
    if summary.schema_revision and summary.schema_revision != head_revision():
        click.echo(f"The backup's schema ({summary.schema_revision}) is upgraded to this "
                   f"release's ({head_revision()}).")
    if summary.damaged:
        for name in summary.damaged:
            click.echo(f"DAMAGED: stored file {name} does not match its hash.", err=True)
        raise SystemExit(1)
    click.echo("Every stored document file matches its SHA-256.")
