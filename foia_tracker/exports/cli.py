"""Commands for evidence: exports and the integrity check of stored files."""

from pathlib import Path
from urllib.parse import parse_qsl

import click
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from .registry import FORMATS


@click.command("export-evidence")
@click.option("--letter", "letter_id", type=int, metavar="ID",
              help="Export the evidence a letter cites, in footnote order.")
@click.option("--organisation", "organisation_code", metavar="CODE",
              help="Instead of --letter: export an organisation's evidence items, e.g. OR.")
@click.option("--campaign", "campaign_id", type=int, metavar="ID",
              help="Instead of --letter: export the evidence shared into a campaign.")
@click.option("--filters", "filter_query", default="", metavar="QUERY",
              help="With --organisation: the /evidence page's filters as a query string, "
                   "e.g. 'technology=Face recognition&purchases=y'.")
@click.option("--format", "format_name", required=True, type=click.Choice(list(FORMATS)),
              help="File format.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (replaced if it exists).")
def export_evidence_command(letter_id, organisation_code, campaign_id, filter_query, format_name,
                            output):
    """Export a letter's evidence (or a filtered set of evidence items) to a file."""
    from .bundle import DocumentIntegrityError
    from .services import UnwritableOutput, export_to_path

    if [letter_id, organisation_code, campaign_id].count(None) != 2:
        raise click.UsageError("Give one of --letter ID, --organisation CODE or --campaign ID.")
    if filter_query and organisation_code is None:
        raise click.UsageError("--filters goes with --organisation, not with --letter.")
    if campaign_id is not None:
        subject = _campaign_subject(campaign_id)
    elif letter_id is not None:
        subject = _letter_subject(letter_id)
    else:
        subject = _filtered_subject(organisation_code, filter_query)
    try:
        export_to_path(subject, FORMATS[format_name], output)
    except (UnwritableOutput, DocumentIntegrityError) as error:
        raise click.ClickException(str(error))
    click.echo(f"Wrote {output}.")


def _letter_subject(letter_id: int):
    from ..extensions import db
    from ..letters.models import Letter
    from .subject import letter_subject

    letter = db.session.get(Letter, letter_id) if 0 < letter_id < 2**31 else None
    if letter is None:
        raise click.BadParameter(f"there is no letter {letter_id}.", param_hint="--letter")
    return letter_subject(letter)


def _campaign_subject(campaign_id: int):
    from ..campaigns.exports import campaign_subject
    from ..campaigns.models import Campaign
    from ..extensions import db

    campaign = db.session.get(Campaign, campaign_id) if 0 < campaign_id < 2**31 else None
    if campaign is None:
        raise click.BadParameter(f"there is no campaign {campaign_id}.", param_hint="--campaign")
    return campaign_subject(campaign)


def _filtered_subject(code: str, query: str):
    from ..evidence.filters import filters_from_args
    from ..extensions import db
    from ..orgs.models import Organisation
    from .subject import filtered_subject

    organisation = db.session.scalar(select(Organisation).where(Organisation.code == code.upper()))
    if organisation is None:
        raise click.BadParameter(f"there is no organisation {code!r}.",
                                 param_hint="--organisation")
    filters, errors = filters_from_args(MultiDict(parse_qsl(query)))
    if errors:
        problems = "; ".join(f"{name}: {message}" for name, message in errors.items())
        raise click.BadParameter(problems, param_hint="--filters")
    return filtered_subject(organisation, filters)


@click.command("verify-documents")
def verify_documents_command():
    """Re-hash every stored document file; exit 1 if one is missing or its bytes changed."""
    from ..storage import StoreUnavailable, document_store
    from ..ocr.integrity import searchable_copy_problems
    from .integrity import VerificationSummary, stored_file_problems

    summary = VerificationSummary()
    try:
        for found in stored_file_problems(document_store(), summary):
            what = "MISSING" if found.problem == "missing" else "CHANGED"
            click.echo(f"{what} {found.sha256}: {_exhibits(found.exhibits)}")
        # Searchable copies (derived from the evidence by OCR) are checked against their own hash.
        for found in searchable_copy_problems(document_store(), summary):
            what = "MISSING" if found.problem == "missing" else "CHANGED"
            click.echo(f"{what} searchable copy {found.sha256}: exhibit {found.exhibit}")
    except StoreUnavailable as error:
        raise click.ClickException(f"{error} Checked {summary.files - 1} stored files before "
                                   "that; nothing was verified past it.") from error
    verdict = "all intact" if summary.is_intact else "EVIDENCE FILES DAMAGED"
    click.echo(f"Checked {summary.files} stored files: {summary.missing} missing, "
               f"{summary.changed} changed; {verdict}.")
    if not summary.is_intact:
        click.get_current_context().exit(1)


def _exhibits(exhibits: list[str]) -> str:
    return ("exhibit " if len(exhibits) == 1 else "exhibits ") + ", ".join(exhibits)


#: Click commands registered on the app's CLI.
COMMANDS: list = [export_evidence_command, verify_documents_command]
