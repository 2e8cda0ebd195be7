"""OCR on the web: a document's OCR state, running it again, its searchable copy, languages."""

from flask import Blueprint, abort, flash, redirect, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from ..documents.access import owned_document_or_404
from ..documents.models import DocumentPage
from ..extensions import db
from ..storage import document_store
from ..users.auth import role_required
from ..users.models import Role
from .copy import copy_file_name
from .engine import OCR_TYPES, ocr_available
from .forms import LanguagesForm, RerunForm
from .models import OcrPage, language_label
from .planning import organisation_languages
from .services import (OcrRefused, document_ocr_rerun, language_choices,
                       organisation_ocr_languages_set)
from .status import PageStatus

bp = Blueprint("ocr", __name__)


@bp.app_template_global("ocr_panel")
def ocr_panel(document) -> dict | None:
    """Return what the document page shows about OCR, or None for types OCR never reads."""
    if document.media_type.split(";")[0].lower() not in OCR_TYPES:
        return None
    failed = db.session.execute(select(OcrPage.page_number, OcrPage.error).where(
        OcrPage.document_id == document.id, OcrPage.status == PageStatus.failed)
        .order_by(OcrPage.page_number)).all()
    words = db.session.scalar(select(func.count()).select_from(DocumentPage).where(
        DocumentPage.document_id == document.id, DocumentPage.text_source == "ocr",
        DocumentPage.text != ""))
    return {"is_available": ocr_available(), "failed_pages": failed,
            "pages_with_text": words or 0,
            "language": language_label(document.ocr_language or
                                       organisation_languages(document.organisation_id)),
            "choices": language_choices(document.organisation_id)}


@bp.post("/documents/<id:document_id>/ocr")
@role_required(Role.editor)
def rerun(document_id: int):
    document = owned_document_or_404(document_id)
    form = RerunForm(choices=language_choices(document.organisation_id))
    if not form.validate_on_submit():
        abort(422, description="Choose one of the languages offered. " +
              " ".join(form.language.errors))
    try:
        document_ocr_rerun(document=document, languages=form.language.data, actor=current_user)
    except OcrRefused as error:
        abort(error.status, description=str(error))
    flash(f"Exhibit {document.exhibit_number} will be read again by OCR in "
          f"{language_label(form.language.data)}.", "success")
    return redirect(url_for("documents.show", document_id=document.id, _anchor="ocr"))


@bp.get("/documents/<id:document_id>/searchable.pdf")
@login_required
def download_copy(document_id: int):
    document = owned_document_or_404(document_id)
    if not document.searchable_sha256:
        abort(404, description="This document has no searchable copy.")
    stream = document_store().open_derived(document.sha256, copy_file_name(document.id))
    name = document.original_name.rsplit(".", 1)[0] + " (searchable).pdf"
    response = send_file(stream, mimetype="application/pdf", as_attachment=True,
                         download_name=name, conditional=False,
                         etag=document.searchable_sha256)
    response.content_length = document.searchable_size_bytes
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response


@bp.post("/admin/ocr-languages")
@role_required(Role.admin)
def languages():
    form = LanguagesForm()
    if not form.validate_on_submit():
        abort(400, description="The form expired; load the settings page again.")
    organisation_ocr_languages_set(organisation_id=current_user.organisation_id,
                                   languages=form.languages)
    flash(f"OCR reads {language_label(form.languages)} in new documents; editors can run a "
          "document again in another language from its page.", "success")
    return redirect(url_for("admin.settings", _anchor="ocr-languages"))


@bp.app_template_global("ocr_organisation_languages")
def ocr_organisation_languages() -> str:
    """Return the current user's organisation's OCR languages, e.g. "eng+spa"."""
    return organisation_languages(current_user.organisation_id)
