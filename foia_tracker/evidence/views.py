"""Pages for evidence items and the purchases found across requests."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..charts.http import FORMATS as CHART_FORMATS, chart_file
from ..deadlines.jurisdictions import jurisdiction_choices
from ..records.access import chosen_agency
from ..users.auth import role_required
from ..users.models import Role
from ..web.routing import paginate
from .access import citing_letters, items_of_document, owned_document_or_404, owned_item_or_404
from .filters import filter_args, filter_form, filters_from_form
from .forms import EvidenceItemForm
from .purchase_charts import CHART_TITLES, charted_currency, purchase_chart
from .purchases import (
    PurchaseFilterForm, format_amount, purchase_ids_query, purchase_rows, purchase_summary,
)
from .query import EvidenceFilters, evidence_items_query
from .services import (
    EvidenceCited, evidence_item_create, evidence_item_delete, evidence_item_update,
)

bp = Blueprint("evidence", __name__)
@bp.app_template_global()
def document_evidence_items(document):
    """Return the evidence items of a document, for the document page's partial."""
    return items_of_document(document)


bp.add_app_template_filter(format_amount, "amount")


@bp.get("/evidence")
@login_required
def index():
    form = filter_form(request.args)
    filters, errors = filters_from_form(form)
    agency = chosen_agency(form.agency)
    if form.agency.errors:
        filters, errors = EvidenceFilters(), form.errors
    page = paginate(evidence_items_query(current_user.organisation_id, filters))
    return render_template("evidence/index.html", form=form, agency=agency, page=page,
                           export_filters=filter_args(request.args)), \
        400 if errors else 200


@bp.get("/evidence/purchases")
@login_required
def purchases():
    organisation_id = current_user.organisation_id
    form, agency, filters, valid = _purchase_filters()
    summary = purchase_summary(organisation_id, filters)
    page = paginate(purchase_ids_query(organisation_id, filters), total=summary.count)
    currency = charted_currency(summary)
    charts = {kind: purchase_chart(kind, organisation_id, filters, summary, currency)
              for kind in CHART_TITLES} if currency else {}
    return render_template("evidence/purchases.html", form=form, agency=agency, summary=summary,
                           page=page, purchases=purchase_rows(page.items), charts=charts,
                           chart_currency=currency), 200 if valid else 400


@bp.get("/evidence/purchases/charts/<kind>.<fmt>")
@login_required
def purchase_chart_file(kind: str, fmt: str):
    """Serve one purchases chart of the filtered purchases as SVG, PNG or its numbers as CSV."""
    if kind not in CHART_TITLES or fmt not in CHART_FORMATS:
        abort(404)
    form, _, filters, valid = _purchase_filters()
    if not valid:
        abort(400, description="; ".join(e for errors in form.errors.values() for e in errors))
    summary = purchase_summary(current_user.organisation_id, filters)
    currency = charted_currency(summary)
    if currency is None:
        abort(404, description="No purchase with an amount matches: there is nothing to chart.")
    chart = purchase_chart(kind, current_user.organisation_id, filters, summary, currency)
    return chart_file(chart, fmt, f"purchases-{kind}-{currency}")


def _purchase_filters():
    """Return the purchases filter form, its agency, the filters to apply and whether valid."""
    form = PurchaseFilterForm(request.args, jurisdictions=jurisdiction_choices())
    valid = form.validate()
    agency = chosen_agency(form.agency)
    valid = valid and not form.agency.errors
    filters = form.filters() if valid else EvidenceFilters(purchases_only=True, sort="date")
    return form, agency, filters, valid


@bp.route("/documents/<id:document_id>/evidence/new", methods=["GET", "POST"])
@role_required(Role.editor)
def create(document_id: int):
    document = owned_document_or_404(document_id)
    form = EvidenceItemForm(document=document)
    if request.method == "GET":
        form.fill_defaults()
    if form.validate_on_submit():
        item = evidence_item_create(document=document, actor=current_user, values=form.values())
        flash(f"Marked evidence [@E{item.id}].", "success")
        return redirect(url_for("evidence.show", item_id=item.id))
    return render_template("evidence/form.html", form=form, document=document, item=None), \
        400 if form.is_submitted() else 200


@bp.get("/evidence/<id:item_id>")
@login_required
def show(item_id: int):
    item = owned_item_or_404(item_id)
    return render_template("evidence/show.html", item=item, letters=citing_letters(item))


@bp.route("/evidence/<id:item_id>/edit", methods=["GET", "POST"])
@role_required(Role.editor)
def edit(item_id: int):
    item = owned_item_or_404(item_id)
    form = EvidenceItemForm(document=item.document)
    if request.method == "GET":
        form.fill_from(item)
    if form.validate_on_submit():
        evidence_item_update(item=item, values=form.values())
        flash("Saved.", "success")
        return redirect(url_for("evidence.show", item_id=item.id))
    return render_template("evidence/form.html", form=form, document=item.document, item=item), \
        400 if form.is_submitted() else 200


@bp.post("/evidence/<id:item_id>/delete")
@role_required(Role.editor)
def delete(item_id: int):
    item = owned_item_or_404(item_id)
    try:
        evidence_item_delete(item=item)
    except EvidenceCited as cited:
        if cited.titles:
            flash("Not deleted: the letters " + ", ".join(f"“{t}”" for t in cited.titles)
                  + " cite this evidence. Remove the citations first.", "error")
        if cited.campaign_uses:
            flash("Not deleted: " + "; ".join(cited.campaign_uses)
                  + ". Revoke the share (and remove the citations) first.", "error")
        return render_template("evidence/show.html", item=item, letters=citing_letters(item)), 409
    flash("Evidence item deleted.", "success")
    return redirect(url_for("evidence.index"))
