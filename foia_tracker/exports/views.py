"""Downloads of evidence lists and letters in every export format."""

import os
from datetime import date

from flask import Blueprint, abort, render_template, request, send_file
from flask_login import current_user, login_required

from ..evidence.filters import filter_form, filters_from_form
from ..extensions import db
from ..letters.access import owned_letter_or_404
from ..orgs.models import Organisation
from .bundle import DocumentIntegrityError
from .registry import FORMATS, ExportFormat
from .services import export_to_temporary_file
from .subject import ExportSubject, filtered_subject, letter_subject

bp = Blueprint("exports", __name__)


@bp.app_context_processor
def _export_formats() -> dict:
    # For templates/exports/_links.html, included by the letter and evidence pages.
    return {"export_formats": list(FORMATS.values())}


@bp.get("/letters/<id:letter_id>/export/<fmt>")
@login_required
def letter(letter_id: int, fmt: str):
    export_format = format_or_404(fmt)
    return download_export(letter_subject(owned_letter_or_404(letter_id)), export_format)


@bp.get("/evidence/export/<fmt>")
@login_required
def evidence_list(fmt: str):
    export_format = format_or_404(fmt)
    form = filter_form(request.args)
    filters, errors = filters_from_form(form)
    if errors:
        return render_template("exports/bad_filters.html", form=form, errors=errors), 400
    organisation = db.session.get(Organisation, current_user.organisation_id)
    return download_export(filtered_subject(organisation, filters), export_format)


def format_or_404(name: str) -> ExportFormat:
    """Return the export format of this name; an unknown one is a 404."""
    if name not in FORMATS:
        abort(404, description=f"There is no export format called {name!r}.")
    return FORMATS[name]


def download_export(subject: ExportSubject, export_format: ExportFormat):
    """Send the export as an attachment made for this response only."""
    try:
        path = export_to_temporary_file(subject, export_format)
    except DocumentIntegrityError as error:
        abort(409, description=f"{error} The bundle was not made.")
    # The file is only for this response: unlinked now, its bytes stay readable through the
    # open handle and vanish when the response closes it (or the process ends), whatever
    # happens to the connection. (Werkzeug skips call_on_close for files it passes through.)
    handle = open(path, "rb")
    os.unlink(path)
    response = send_file(handle, mimetype=export_format.media_type, as_attachment=True,
                         download_name=subject.file_name(export_format.extension, date.today()),
                         max_age=0)
    response.content_length = os.fstat(handle.fileno()).st_size
    response.headers["Cache-Control"] = "no-store"
    return response
