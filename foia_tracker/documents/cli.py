"""Commands for documents: text extraction."""

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


#: Click commands registered on the app's CLI.
COMMANDS: list = [extract_documents_command]
