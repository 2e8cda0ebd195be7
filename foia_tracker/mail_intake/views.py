"""The inbox of received mail waiting for a person, and the confirming of a filed one's kind."""

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from ..communications.status import TransitionRefused
from ..documents.services import QuotaExceeded
from ..extensions import db
from ..records.access import owned_request_or_404
from ..records.models import RecordsRequest
from ..records.page import render_request_page
from ..storage import StoreError, document_store
from ..users.auth import role_required
from ..users.models import Role
from .forms import ConfirmKindForm, DismissForm, FileForm
from .models import IntakeMessage, MailFiling, MailState
from .panel import request_mail_panel
from .triage import InboxRefused, filing_confirm_kind, inbox_dismiss, inbox_file, inbox_messages

bp = Blueprint("mail_intake", __name__)
bp.add_app_template_global(request_mail_panel, "request_mail_panel")


@bp.get("/inbox")
@role_required(Role.editor)
def index():
    return _inbox_page()


@bp.post("/inbox/<id:mail_id>/file")
@role_required(Role.editor)
def file(mail_id: int):
    message = _owned_message_or_404(mail_id)
    form = FileForm()
    if not form.validate_on_submit():
        return _inbox_page(form_errors={message.id: _errors(form)}, status=400)
    requests, unknown = _requests_named(form.reference_list())
    if unknown:
        return _inbox_page(form_errors={message.id: [
            f"No request of your organisation has the reference {', '.join(unknown)}."]},
            status=422)
    try:
        result = inbox_file(message=message, requests=requests, actor=current_user)
    except (InboxRefused, QuotaExceeded) as error:
        return _inbox_page(form_errors={message.id: [str(error)]}, status=error.status)
    except StoreError as error:
        return _inbox_page(form_errors={message.id: [f"{error} Try again later."]},
                           status=error.status)
    flash(f"Filed on {', '.join(r.reference for r in requests)}"
          f"{' with ' + ', '.join(result.documents) if result.documents else ''}.", "success")
    return redirect(url_for("mail_intake.index"))


@bp.post("/inbox/<id:mail_id>/dismiss")
@role_required(Role.editor)
def dismiss(mail_id: int):
    message = _owned_message_or_404(mail_id)
    if not DismissForm().validate_on_submit():
        return _inbox_page(form_errors={message.id: ["The form expired; try again."]}, status=400)
    try:
        inbox_dismiss(message=message, actor=current_user)
    except InboxRefused as error:
        return _inbox_page(form_errors={message.id: [str(error)]}, status=error.status)
    flash("Dismissed; the message is still kept.", "success")
    return redirect(url_for("mail_intake.index"))


@bp.get("/inbox/<id:mail_id>/raw")
@role_required(Role.editor)
def raw(mail_id: int):
    message = _owned_message_or_404(mail_id)
    response = send_file(document_store().open(message.raw_sha256), mimetype="message/rfc822",
                         as_attachment=True, download_name=f"message-{message.id}.eml",
                         conditional=False)
    response.content_length = message.raw_size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


@bp.post("/requests/<id:request_id>/mail/<id:filing_id>/confirm")
@role_required(Role.editor)
def confirm_kind(request_id: int, filing_id: int):
    records_request = owned_request_or_404(request_id)
    filing = db.session.get(MailFiling, filing_id)
    if filing is None or filing.request_id != records_request.id:
        abort(404)
    form = ConfirmKindForm()
    if not form.validate_on_submit():
        flash("The kind was not confirmed: choose one of the kinds offered.", "error")
        return render_request_page(records_request, status=400)
    try:
        filing_confirm_kind(filing=filing, kind=form.chosen())
    except (InboxRefused, TransitionRefused) as error:
        db.session.rollback()
        flash(f"Not confirmed: {error}", "error")
        return render_request_page(owned_request_or_404(request_id), status=409)
    flash(f"Logged as {form.chosen().value}; the deadlines follow it now.", "success")
    return redirect(url_for("records.show", request_id=request_id, _anchor="timeline"))


def _inbox_page(*, form_errors=None, status: int = 200):
    organisation_id = current_user.organisation_id
    waiting = inbox_messages(organisation_id, MailState.triage)
    shown = {message.id for message in waiting}
    for message_id, errors in (form_errors or {}).items():
        # A message no longer waiting is not on the page: its error is said at the top.
        for error in errors if message_id not in shown else ():
            flash(error, "error")
    return render_template(
        "mail_intake/inbox.html", waiting=waiting,
        set_aside=inbox_messages(organisation_id, MailState.ignored, limit=20),
        form_errors=form_errors or {}, file_form=FileForm(formdata=None),
        dismiss_form=DismissForm(formdata=None)), status


def _owned_message_or_404(message_id: int) -> IntakeMessage:
    message = db.session.get(IntakeMessage, message_id)
    if message is None or message.organisation_id != current_user.organisation_id:
        abort(404)
    return message


def _requests_named(references: list[str]) -> tuple[list[RecordsRequest], list[str]]:
    code = current_user.organisation.code
    found, unknown = [], []
    for reference in references:
        parts = reference.split("-")
        request = None
        if len(parts) == 3 and parts[0] == code and parts[1].isdigit() and parts[2].isdigit() \
                and len(parts[1]) == 4 and len(parts[2]) <= 6:
            request = db.session.scalar(select(RecordsRequest).where(
                RecordsRequest.organisation_id == current_user.organisation_id,
                RecordsRequest.year == int(parts[1]), RecordsRequest.number == int(parts[2])))
        (found if request is not None else unknown).append(request or reference[:40])
    return found, unknown


def _errors(form) -> list[str]:
    return [error for errors in form.errors.values() for error in errors]

