"""Agency pages: list, detail, create and edit."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..web.routing import paginate
from ..records.models import RecordsRequest
from ..stewardship.access import is_used_by_others, role_or_operator_required
from ..stewardship.agency_changes import Outcome, agency_change
from ..stewardship.history import agency_history, agency_suggestions
from ..stewardship.views import bp as suggestions_bp
from ..users.models import Role
from .failures import open_address_failures
from .forms import AgencyFilterForm, AgencyForm
from .models import Agency
from .services import DuplicateAgency, agencies_query, agency_create

bp = Blueprint("agencies", __name__, url_prefix="/agencies")
bp.register_blueprint(suggestions_bp)

SUGGESTED = ("Your change was sent to the installation's operators for review, because other "
             "organisations use this agency.")


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
    return render_template("agencies/show.html", agency=agency, requests=requests,
                           address_failures=open_address_failures(agency.id),
                           history=agency_history(agency, current_user),
                           suggestions=agency_suggestions(agency, current_user))


@bp.route("/new", methods=["GET", "POST"])
@role_or_operator_required(Role.editor)
def create():
    form = AgencyForm()
    if form.validate_on_submit():
        try:
            agency = agency_create(organisation_id=current_user.organisation_id,
                                   values=form.values())
        except DuplicateAgency as error:
            form.name.errors.append(str(error))
        else:
            flash(f"Saved {agency.name}.", "success")
            return redirect(url_for("agencies.show", agency_id=agency.id))
    return _form_page(form, None)


@bp.route("/<id:agency_id>/edit", methods=["GET", "POST"])
@role_or_operator_required(Role.editor)
def edit(agency_id: int):
    agency = db.get_or_404(Agency, agency_id)
    form = AgencyForm(obj=agency)
    if request.method == "GET":
        form.level.data, form.kind.data = agency.level.name, agency.kind.name
    if form.validate_on_submit():
        try:
            outcome = agency_change(actor=current_user, agency=agency, values=form.values())
        except DuplicateAgency as error:
            form.name.errors.append(str(error))
        else:
            flash(*_OUTCOME_MESSAGES[outcome](agency))
            return redirect(url_for("agencies.show", agency_id=agency.id))
    return _form_page(form, agency)


_OUTCOME_MESSAGES = {
    Outcome.saved: lambda agency: (f"Saved {agency.name}.", "success"),
    Outcome.suggested: lambda agency: (SUGGESTED, "info"),
    Outcome.unchanged: lambda agency: ("Nothing was changed.", "info"),
}


def _form_page(form: AgencyForm, agency: Agency | None):
    is_reviewed = agency is not None and not current_user.is_operator and \
        is_used_by_others(agency, current_user.organisation_id)
    status = 400 if form.is_submitted() else 200
    return render_template("agencies/form.html", form=form, agency=agency,
                           is_reviewed=is_reviewed), status
