"""The operators' review page: suggested agency changes and closure days, accepted or rejected."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..closures.services import DuplicateClosure
from ..extensions import db
from .access import operator_required
from .agency_changes import (
    FIELD_LABELS, agency_suggestion_accept, agency_suggestion_reject, stale_fields,
)
from .cli import operator_command
from .closure_changes import closure_suggestion_accept, closure_suggestion_reject
from .decisions import SuggestionConflict
from .forms import DecisionForm
from .models import AgencyChangeSuggestion, ClosureSuggestion, SuggestionStatus

# cli_group=None puts the `operator` commands at the top level: `flask operator grant EMAIL`.
bp = Blueprint("review", __name__, url_prefix="/suggestions", cli_group=None)
bp.cli.add_command(operator_command)

_KINDS = {
    "agency": (AgencyChangeSuggestion, agency_suggestion_accept, agency_suggestion_reject),
    "closure": (ClosureSuggestion, closure_suggestion_accept, closure_suggestion_reject),
}
_DONE = {"accept": "Accepted: {}.", "reject": "Rejected: {}."}


@bp.route("/")
@operator_required
def index():
    return _page(DecisionForm(), status=200)


@bp.route("/<any(agency, closure):kind>/<id:suggestion_id>/<any(accept, reject):action>",
          methods=["POST"])
@operator_required
def decide(kind: str, suggestion_id: int, action: str):
    model, accept, reject = _KINDS[kind]
    suggestion = db.get_or_404(model, suggestion_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _page(form, status=400, error="The decision was not recorded: " + _errors(form))
    label = str(suggestion)
    try:
        if action == "accept":
            accept(operator=current_user, suggestion=suggestion)
        else:
            reject(operator=current_user, suggestion=suggestion, reason=form.reason.data or "")
    except (SuggestionConflict, DuplicateClosure) as error:
        return _page(DecisionForm(formdata=None), status=409, error=str(error))
    flash(_DONE[action].format(label), "success")
    return redirect(url_for(".index"))


def _page(form: DecisionForm, *, status: int, error: str | None = None):
    agency_changes = db.session.scalars(
        select(AgencyChangeSuggestion).options(
            joinedload(AgencyChangeSuggestion.agency),
            joinedload(AgencyChangeSuggestion.organisation),
            joinedload(AgencyChangeSuggestion.suggested_by))
        .where(AgencyChangeSuggestion.status == SuggestionStatus.pending)
        .order_by(AgencyChangeSuggestion.id)).all()
    closures = db.session.scalars(
        select(ClosureSuggestion).options(
            joinedload(ClosureSuggestion.agency), joinedload(ClosureSuggestion.organisation),
            joinedload(ClosureSuggestion.suggested_by))
        .where(ClosureSuggestion.status == SuggestionStatus.pending)
        .order_by(ClosureSuggestion.closed_on, ClosureSuggestion.id)).all()
    return render_template(
        "stewardship/review.html", form=form, error=error, agency_changes=agency_changes,
        stale={s.id: stale_fields(s) for s in agency_changes}, closures=closures,
        labels=FIELD_LABELS), status


def _errors(form: DecisionForm) -> str:
    return " ".join(f"{form[name].label.text}: {' '.join(errors)}"
                    for name, errors in form.errors.items())
