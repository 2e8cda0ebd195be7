"""Agency pages: list, detail, create and edit."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..web.routing import paginate
from ..records.models import RecordsRequest
from ..users.auth import role_required
from ..users.models import Role
from .forms import AgencyFilterForm, AgencyForm
from .models import Agency
from .services import DuplicateAgency, agencies_query, agency_save

bp = Blueprint("agencies", __name__, url_prefix="/agencies")


@bp.route("/")
@login_required
def index():
    form = AgencyFilterForm(request.args)
    is_valid = form.validate()
    query = agencies_query(text=form.q.data or "", jurisdiction=form.jurisdiction.data or "") \
        if is_valid else agencies_query()
    return render_template("agencies/index.html", page=paginate(query), form=form), \
        200 if is_valid else 400


@bp.route("/<id:agency_id>")
@login_required
def show(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    requests = db.session.scalars(
        select(RecordsRequest).where(RecordsRequest.agency_id == agency.id,
                                     RecordsRequest.organisation_id == current_user.organisation_id)
        .order_by(RecordsRequest.created_at.desc()).limit(100)
    ).all()
    return render_template("agencies/show.html", agency=agency, requests=requests)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.editor)
def create():
    return _edit(None, AgencyForm())


@bp.route("/<id:agency_id>/edit", methods=["GET", "POST"])
@role_required(Role.editor)
def edit(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = AgencyForm(obj=agency)
    if request.method == "GET":
        form.level.data, form.kind.data = agency.level.name, agency.kind.name
    return _edit(agency, form)


def _edit(agency: Agency | None, form: AgencyForm):
    if form.validate_on_submit():
        try:
            agency = agency_save(agency=agency, values=form.values())
        except DuplicateAgency as error:
            form.name.errors.append(str(error))
        else:
            flash(f"Saved {agency.name}.", "success")
            return redirect(url_for("agencies.show", agency_id=agency.id))
    status = 400 if form.is_submitted() else 200
    return render_template("agencies/form.html", form=form, agency=agency), status
