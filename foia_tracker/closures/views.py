"""Admin pages for closure days."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..agencies.models import Agency
from ..extensions import db
from ..web.routing import paginate
from ..records.access import agency_options
from ..users.auth import role_required
from ..users.models import Role
from .forms import ClosureForm
from .models import Closure
from .services import DuplicateClosure, closure_add, closure_remove

bp = Blueprint("closures", __name__, url_prefix="/admin/closures")


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.admin)
def index():
    form = ClosureForm(agencies=agency_options())
    if form.validate_on_submit():
        agency = db.session.get(Agency, form.agency_id.data) if form.agency_id.data else None
        try:
            closure_add(actor=current_user, closed_on=form.closed_on.data, name=form.name.data,
                        jurisdiction=form.jurisdiction.data or None, agency=agency)
        except DuplicateClosure as error:
            form.closed_on.errors.append(str(error))
        else:
            flash("Closure recorded; the deadlines it moves were recomputed.", "success")
            return redirect(url_for("closures.index"))
    page = paginate(select(Closure).order_by(Closure.closed_on.desc(), Closure.id.desc()))
    return render_template("admin/closures.html", form=form, page=page), \
        400 if form.is_submitted() else 200


@bp.route("/<id:closure_id>/delete", methods=["POST"])
@role_required(Role.admin)
def delete(closure_id: int):
    closure = db.session.get(Closure, closure_id) or abort(404)
    closure_remove(closure=closure)
    flash("Closure removed; the deadlines it moved were recomputed.", "success")
    return redirect(url_for("closures.index"))
