"""The ocr-documents command: OCR for deployments without the scheduler, or extra workers."""

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("ocr-documents")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Pages read at once (default: OCR_WORKERS).")
@with_appcontext
def ocr_documents_command(workers):
    """Read by OCR every page waiting for it, then print a summary."""
    from .worker import run_ocr

    app = current_app._get_current_object()
    if workers is not None:
        app.config["OCR_WORKERS"] = workers
    report = run_ocr(app)
    click.echo(str(report))
    for error in report.errors:
        click.echo(f"  {error}")


#: Click commands registered on the app's CLI.
COMMANDS: list = [ocr_documents_command]
