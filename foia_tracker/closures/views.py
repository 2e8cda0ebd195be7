"""Closure day pages: operators record them, organisation admins suggest them."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..agencies.models import Agency
from ..extensions import db
from ..web.routing import paginate
from ..records.access import agency_options
from ..stewardship.access import role_or_operator_required
from ..stewardship.closure_changes import closure_suggest
from ..stewardship.models import ClosureSuggestion
from ..users.models import Role
from .forms import ClosureForm
from .models import Closure
from .services import DuplicateClosure, closure_add, closure_remove

bp = Blueprint("closures", __name__, url_prefix="/admin/closures")

RECORDED = "Closure recorded; the deadlines it moves were recomputed."
SUGGESTED = ("Closure day sent to the installation's operators for review: it moves every "
             "organisation's deadlines there, so it applies once an operator accepts it.")


@bp.route("/", methods=["GET", "POST"])
@role_or_operator_required(Role.admin)
def index():
    form = ClosureForm(agencies=agency_options())
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None
        record = closure_add if current_user.is_operator else closure_suggest
        try:
            record(actor=current_user, closed_on=form.closed_on.data, name=form.name.data,
                   jurisdiction=form.jurisdiction.data or None, agency=agency)
        except DuplicateClosure as error:
            form.closed_on.errors.append(str(error))
        else:
            flash(RECORDED if current_user.is_operator else SUGGESTED, "success")
            return redirect(url_for("closures.index"))
    page = paginate(select(Closure).order_by(Closure.closed_on.desc(), Closure.id.desc()))
    suggestions = db.session.scalars(
        select(ClosureSuggestion)
        .where(ClosureSuggestion.organisation_id == current_user.organisation_id)
        .order_by(ClosureSuggestion.id.desc()).limit(20)).all()
    return render_template("admin/closures.html", form=form, page=page, suggestions=suggestions), \
        400 if form.is_submitted() else 200


@bp.route("/<id:closure_id>/delete", methods=["POST"])
@role_or_operator_required(Role.admin)
def delete(closure_id: int):
    if not current_user.is_operator:
        abort(403, description="Only the installation's operators remove closure days.")
    closure = db.session.get(Closure, closure_id) or abort(404)
    closure_remove(closure=closure)
    flash("Closure removed; the deadlines it moved were recomputed.", "success")
    return redirect(url_for("closures.index"))
