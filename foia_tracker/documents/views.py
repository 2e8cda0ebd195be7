"""Pages for uploading, viewing, downloading and deleting documents."""

from flask import (Blueprint, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import db
from ..records.access import owned_request_or_404
from ..records.models import RecordsRequest
from ..records.page import render_request_page
from ..users.auth import role_required
from ..users.models import Role
from ..storage import ObjectMissing, StoreError, document_store, format_size
from .access import archive_members, owned_document_or_404, version_chain
from .forms import DeleteForm, UploadForm, VersionForm
from .detect import ACCEPTED
from .download import document_response
from .intake import UploadLimits, UploadRefused, inspect_upload
from .services import (DocumentRefused, UploadResult, document_add_version, document_delete,
                       documents_upload)
from .upload_stream import request_too_large_message

bp = Blueprint("documents", __name__)
MAX_DUPLICATES_LISTED = 5

bp.add_app_template_filter(format_size, "filesize")


@bp.app_template_filter("media_label")
def media_label(media_type: str) -> str:
    """Return the name users know a stored type by."""
    return ACCEPTED.get(media_type, media_type)


@bp.post("/requests/<id:request_id>/documents")
@role_required(Role.editor)
def upload(request_id: int):
    records_request = owned_request_or_404(request_id)
    form = UploadForm(records_request=records_request)
    if not form.validate_on_submit():
        return _request_page(records_request, form, 400)
    communication = next((c for c in records_request.communications
                          if c.id == form.communication_id.data), None)
    try:
        incoming = inspect_upload(form.uploaded(), limits=_limits(), stage=_stage)
    except UploadRefused as error:
        form.files.errors.append(str(error))
        return _request_page(records_request, form, error.status)
    try:
        result = documents_upload(request=records_request, communication=communication,
                                  actor=current_user, incoming=incoming)
    except DocumentRefused as error:
        form.files.errors.append(str(error))
        return _request_page(records_request, form, error.status)
    except StoreError as error:
        form.files.errors.append(f"{error} Nothing of this upload was saved; try again later.")
        return _request_page(records_request, form, error.status)
    _flash_result(result)
    return redirect(url_for("records.show", request_id=request_id, _anchor="documents"))


@bp.get("/documents/<id:document_id>")
@login_required
def show(document_id: int):
    document = owned_document_or_404(document_id)
    return _document_page(document, VersionForm(), DeleteForm(), 200)


@bp.get("/documents/<id:document_id>/download")
@login_required
def download(document_id: int):
    return document_response(owned_document_or_404(document_id))


@bp.post("/documents/<id:document_id>/versions")
@role_required(Role.editor)
def upload_version(document_id: int):
    document = owned_document_or_404(document_id)
    form = VersionForm()
    if not form.validate_on_submit():
        return _document_page(document, form, DeleteForm(), 400)
    try:
        incoming = inspect_upload(form.uploaded(), limits=_limits(), stage=_stage)
        created = document_add_version(document=document, actor=current_user,
                                       incoming=incoming[0])
    except UploadRefused as error:
        form.file.errors.append(str(error))
        return _document_page(document, form, DeleteForm(), error.status)
    except DocumentRefused as error:
        form.file.errors.append(str(error))
        return _document_page(document, form, DeleteForm(), error.status)
    except StoreError as error:
        form.file.errors.append(f"{error} The corrected copy was not saved; try again later.")
        return _document_page(document, form, DeleteForm(), error.status)
    flash(f"Stored the corrected copy as Exhibit {created.exhibit_number}.", "success")
    return redirect(url_for("documents.show", document_id=created.id))


@bp.post("/documents/<id:document_id>/delete")
@role_required(Role.admin)
def delete(document_id: int):
    document = owned_document_or_404(document_id)
    form = DeleteForm()
    if not form.validate_on_submit():
        return _document_page(document, VersionForm(), form, 400)
    try:
        document_delete(document=document, actor=current_user, reason=form.reason.data)
    except DocumentRefused as error:
        form.reason.errors.append(str(error))
        return _document_page(document, VersionForm(), form, 409)
    flash(f"Deleted Exhibit {document.exhibit_number}; it is hidden from every list.", "success")
    return redirect(url_for("records.show", request_id=document.request_id, _anchor="documents"))


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    message = error.description
    if message == RequestEntityTooLarge.description:
        message = request_too_large_message(request.max_content_length)
    return render_template("errors/error.html", code=413, title="Too large",
                           message=message), 413


@bp.app_errorhandler(StoreError)
def store_failed(error: StoreError):
    # The session may hold what the failed step was about to write: none of it is kept.
    db.session.rollback()
    title = "Document missing" if isinstance(error, ObjectMissing) else "Document store unavailable"
    return render_template("errors/error.html", code=error.status, title=title,
                           message=str(error)), error.status


def _request_page(records_request: RecordsRequest, form: UploadForm, status: int):
    flash("Nothing was uploaded; see the messages below.", "error")
    return render_request_page(records_request, upload_form=form, status=status)


def _document_page(document, version_form: VersionForm, delete_form: DeleteForm, status: int):
    return render_template(
        "documents/show.html", document=document, versions=version_chain(document),
        members=archive_members(document), version_form=version_form,
        delete_form=delete_form), status


def _flash_result(result: UploadResult) -> None:
    if result.created:
        names = ", ".join(f"{d.exhibit_number} ({d.original_name})" for d in result.created[:10])
        more = f" and {len(result.created) - 10} more" if len(result.created) > 10 else ""
        flash(f"Stored {len(result.created)} document(s): {names}{more}.", "success")
    # The session cookie holds the flashed messages: a few, then a count.
    for duplicate in result.duplicates[:MAX_DUPLICATES_LISTED]:
        flash(_duplicate_message(duplicate), "info")
    if len(result.duplicates) > MAX_DUPLICATES_LISTED:
        flash(f"{len(result.duplicates) - MAX_DUPLICATES_LISTED} more files were already stored.",
              "info")


def _duplicate_message(duplicate) -> Markup:
    existing = duplicate.existing
    link = Markup('<a href="{}">Exhibit {}</a>').format(
        url_for("documents.show", document_id=existing.id), existing.exhibit_number)
    if duplicate.in_this_upload:
        return Markup("{} is the same file as {}, stored once as {}.").format(
            duplicate.name, existing.original_name, link)
    return Markup("{} is already stored as {} (request {}).").format(
        duplicate.name, link, existing.request.reference)


def _limits() -> UploadLimits:
    return UploadLimits.from_config(current_app.config)


def _stage():
    staged = document_store().stage()
    request.staged_files.append(staged)
    return staged
