"""Timeline pages: log, correct and remove a request's communications."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..extensions import db
from ..records.access import owned_request_or_404
from ..records.page import render_request_page
from ..users.auth import role_required
from ..users.models import Role
from .forms import CommunicationForm
from .models import Communication
from .services import (
    CommunicationHasDocuments, communication_delete, communication_log, communication_update,
)
from .status import TransitionRefused

bp = Blueprint("communications", __name__, url_prefix="/requests/<id:request_id>/communications")


@bp.route("/", methods=["POST"])
@role_required(Role.editor)
def create(request_id: int):
    records_request = owned_request_or_404(request_id)
    form = CommunicationForm(jurisdiction=records_request.agency.jurisdiction)
    status = 400
    if form.validate_on_submit():
        try:
            communication_log(request=records_request, actor=current_user, values=form.values())
        except TransitionRefused as error:
            form.kind.errors.append(str(error))
            status = 409
        else:
            flash(f"Logged: {form.summary.data}", "success")
            return redirect(url_for("records.show", request_id=request_id, _anchor="timeline"))
    flash("The communication was not logged; see the errors below.", "error")
    return render_request_page(owned_request_or_404(request_id), communication_form=form,
                               status=status)


@bp.route("/<id:communication_id>/edit", methods=["GET", "POST"])
@role_required(Role.editor)
def edit(request_id: int, communication_id: int):
    communication = _owned_communication(request_id, communication_id)
    form = CommunicationForm(jurisdiction=communication.request.agency.jurisdiction)
    if request.method == "GET":
        form.fill_from(communication)
    elif form.validate_on_submit():
        try:
            communication_update(communication=communication, values=form.values())
        except TransitionRefused as error:
            form.kind.errors.append(str(error))
        else:
            flash("Saved.", "success")
            return redirect(url_for("records.show", request_id=request_id, _anchor="timeline"))
    communication = _owned_communication(request_id, communication_id)
    return render_template("communications/form.html", form=form, communication=communication), \
        400 if form.is_submitted() else 200


@bp.route("/<id:communication_id>/delete", methods=["POST"])
@role_required(Role.editor)
def delete(request_id: int, communication_id: int):
    communication = _owned_communication(request_id, communication_id)
    try:
        communication_delete(communication=communication)
    except CommunicationHasDocuments as error:
        flash(f"Not removed: {error}", "error")
        return render_request_page(communication.request, status=409)
    except TransitionRefused as error:
        flash(f"Not removed: {error}", "error")
        return redirect(url_for("records.show", request_id=request_id, _anchor="timeline"))
    flash("Removed the communication.", "success")
    return redirect(url_for("records.show", request_id=request_id, _anchor="timeline"))


def _owned_communication(request_id: int, communication_id: int) -> Communication:
    records_request = owned_request_or_404(request_id)
    communication = db.session.get(Communication, communication_id)
    if communication is None or communication.request_id != records_request.id:
        abort(404)
    return communication
