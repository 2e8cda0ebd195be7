"""Commands for documents: text extraction, the staging sweep."""

import click
from flask.cli import with_appcontext


@click.command("extract-documents")
@click.option("--retry-failed", is_flag=True,
              help="First put documents whose extraction failed back in the queue.")
@with_appcontext
def extract_documents_command(retry_failed):
    """Extract the text of every document waiting for it, then print a summary."""
    from ..extensions import db
    from .extraction import extraction_retry, extraction_run
    from .models import Document, ExtractionStatus

    if retry_failed:
        failed = db.session.scalars(db.select(Document.id).where(
            Document.extraction_status == ExtractionStatus.failed,
            Document.deleted_at.is_(None))).all()
        for document_id in failed:
            extraction_retry(document_id)
        click.echo(f"Queued {len(failed)} failed documents again.")
    report = extraction_run()
    click.echo(str(report))
    for error in report.errors:
        click.echo(f"  document {error}")


@click.command("clean-staging")
@click.option("--older-than-hours", type=click.FloatRange(min=0), default=24, show_default=True,
              help="Remove only staged files untouched for at least this long.")
@with_appcontext
def clean_staging_command(older_than_hours):
    """Remove staged files left by crashed uploads and exports; print how many."""
    from ..storage.sweep import staging_sweep

    removed = staging_sweep(older_than_hours=older_than_hours)
    click.echo(f"Removed {removed} staged file{'' if removed == 1 else 's'} older than "
               f"{older_than_hours:g} hours.")


#: Click commands registered on the app's CLI.
COMMANDS: list = [extract_documents_command, clean_staging_command]
