"""Request pages: list with filters, detail with timeline, create and edit."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..campaigns.request_panel import bulk_link_form
from ..communications.status import TransitionRefused
from ..web.routing import paginate
from ..users.auth import role_required
from ..users.models import Role
from ..web.forms import options
from .access import AgencyDirectory, chosen_agency, organisation_users, owned_request_or_404
from .forms import RequestFilterForm, RequestForm
from .page import render_request_page
from .query import RequestFilters, requests_query
from .services import request_create, request_update
from .summary import request_summaries

bp = Blueprint("records", __name__, url_prefix="/requests")


@bp.route("/")
@login_required
def index():
    users = organisation_users()
    form = RequestFilterForm(request.args)
    form.assignee.choices = options([("", "Anyone")] + [(u.id, u.name) for u in users])
    valid = form.validate()
    agency = chosen_agency(form.agency)
    filters = RequestFilters()
    if valid and not form.agency.errors:
        filters = form.filters()
        filters = form.narrowed(filters)
    page = paginate(requests_query(current_user.organisation_id, filters))
    page.items = request_summaries(page.items)
    return render_template("records/index.html", form=form, agency=agency, page=page,
                           bulk_link_form=bulk_link_form()), 400 if form.errors else 200


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.editor)
def create():
    agencies = AgencyDirectory()
    form = RequestForm(agencies=agencies, assignees=organisation_users())
    if request.method == "GET":
        form.assignee_id.data = current_user.id
        # ?agency=<id> from an agency's page; an id no agency has preselects nothing.
        wanted = request.args.get("agency", type=int)
        form.agency_id.data = wanted if agencies.jurisdiction_of(wanted) else None
    if form.validate_on_submit():
        try:
            created = request_create(organisation_id=current_user.organisation_id,
                                     actor=current_user, values=form.values())
        except TransitionRefused as error:
            flash(str(error), "error")
        else:
            flash(f"Logged request {created.reference}.", "success")
            return redirect(url_for("records.show", request_id=created.id))
    return render_template("records/form.html", form=form, records_request=None), \
        400 if form.is_submitted() else 200


@bp.route("/<id:request_id>")
@login_required
def show(request_id: int):
    return render_request_page(owned_request_or_404(request_id))


@bp.route("/<id:request_id>/edit", methods=["GET", "POST"])
@role_required(Role.editor)
def edit(request_id: int):
    records_request = owned_request_or_404(request_id)
    form = RequestForm(agencies=AgencyDirectory(), assignees=organisation_users())
    if request.method == "GET":
        form.fill_from(records_request)
    if form.validate_on_submit():
        try:
            request_update(request=records_request, actor=current_user, values=form.values())
        except TransitionRefused as error:
            flash(f"Not saved: {error}", "error")
            return render_template("records/form.html", form=form, records_request=records_request), 409
        flash("Saved.", "success")
        return redirect(url_for("records.show", request_id=records_request.id))
    return render_template("records/form.html", form=form, records_request=records_request), \
        400 if form.is_submitted() else 200
