"""Follow-up pages: the task list, one task's draft letter, and the organisation's templates."""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..communications.status import TransitionRefused
from ..users.auth import role_required
from ..users.models import Role
from ..web.dates import local_today
from ..web.routing import paginate
from .forms import ActionForm, DraftForm, SnoozeForm, TemplateForm
from .letters import DEFAULT_LETTERS, PLACEHOLDERS, SAMPLE_FACTS, Letter, organisation_wording, render_letter
from .mailto import mailto_url
from .models import FollowUp, LetterKind
from .query import owned_followup, visible_followup_ids_query
from .services import (
    FollowUpClosed, TemplateInvalid, followup_dismiss, followup_draft_update, followup_mark_sent,
    followup_redraft, followup_snooze, is_current, template_reset, template_save,
)
from .tasks import tasks_by_id

bp = Blueprint("followups", __name__)


@bp.get("/followups")
@login_required
def index():
    page = paginate(visible_followup_ids_query(current_user.organisation_id, date.today()))
    return render_template("followups/index.html", page=page, tasks=tasks_by_id(page.items))


@bp.get("/followups/<id:followup_id>")
@login_required
def show(followup_id: int):
    followup = _owned_or_404(followup_id)
    form = DraftForm(obj=followup, jurisdiction=_jurisdiction(followup))
    form.sent_on.data = local_today(_jurisdiction(followup))
    return _show(followup, form=form)


@bp.post("/followups/<id:followup_id>")
@role_required(Role.editor)
def update(followup_id: int):
    followup = _owned_or_404(followup_id)
    action = _ACTIONS.get(request.form.get("action", ""))
    if action is None:
        abort(400, description="Unknown action.")
    try:
        return action(followup)
    except FollowUpClosed as error:
        flash(str(error), "error")
        return redirect(url_for("followups.show", followup_id=followup.id))


def _save(followup: FollowUp):
    form = DraftForm(jurisdiction=_jurisdiction(followup))
    if not form.validate_on_submit():
        return _show(followup, form=form), 400
    followup_draft_update(followup=followup, subject=form.subject.data, body=form.body.data)
    flash("Draft saved.", "success")
    return redirect(url_for("followups.show", followup_id=followup.id))


def _send(followup: FollowUp):
    form = DraftForm(jurisdiction=_jurisdiction(followup), is_sending=True)
    if not form.validate_on_submit():
        return _show(followup, form=form), 400
    request_id = followup.request_id
    try:
        followup_mark_sent(followup=followup, actor=current_user, subject=form.subject.data,
                           body=form.body.data, sent_on=form.sent_on.data)
    except TransitionRefused as error:
        form.sent_on.errors.append(f"Not logged on the timeline: {error}")
        return _show(_owned_or_404(followup.id), form=form), 409
    flash("Follow-up marked as sent and logged on the request's timeline.", "success")
    return redirect(url_for("records.show", request_id=request_id, _anchor="timeline"))


def _snooze(followup: FollowUp):
    snooze_form = SnoozeForm()
    if not snooze_form.validate_on_submit():
        return _show(followup, snooze_form=snooze_form), 400
    followup_snooze(followup=followup, until=snooze_form.until.data)
    flash(f"Snoozed until {snooze_form.until.data}.", "success")
    return redirect(url_for("followups.index"))


def _dismiss(followup: FollowUp):
    if not ActionForm().validate_on_submit():
        abort(400)
    followup_dismiss(followup=followup)
    flash("Follow-up dismissed.", "success")
    return redirect(url_for("followups.index"))


def _redraft(followup: FollowUp):
    if not ActionForm().validate_on_submit():
        abort(400)
    followup_redraft(followup=followup, today=local_today(_jurisdiction(followup)))
    flash("The draft was filled in again from the template, as of today.", "success")
    return redirect(url_for("followups.show", followup_id=followup.id))


_ACTIONS = {"save": _save, "send": _send, "snooze": _snooze, "dismiss": _dismiss, "redraft": _redraft}


@bp.route("/admin/letter-templates", methods=["GET", "POST"])
@role_required(Role.admin)
def edit_templates():
    kind = _kind_or_404(request.args.get("kind", LetterKind.no_response.name))
    organisation_id = current_user.organisation_id
    wording = organisation_wording(organisation_id, kind)
    if request.form.get("action") == "reset":
        return _reset_template(organisation_id, kind)
    form = TemplateForm(data={"subject": (wording or DEFAULT_LETTERS[kind]).subject,
                              "body": (wording or DEFAULT_LETTERS[kind]).body})
    status = 200
    if form.validate_on_submit():
        if request.form.get("action") != "preview":
            return _save_template(form, organisation_id, kind)
    elif form.is_submitted():
        status = 400
    preview = None if form.errors else _preview(kind, form)
    return render_template("followups/templates.html", form=form, kind=kind, kinds=list(LetterKind),
                           placeholders=PLACEHOLDERS, preview=preview, is_custom=wording is not None,
                           reset_form=ActionForm()), status


def _save_template(form: TemplateForm, organisation_id: int, kind: LetterKind):
    try:
        template_save(organisation_id=organisation_id, kind=kind, subject=form.subject.data,
                      body=form.body.data)
    except TemplateInvalid as error:
        for name, problems in error.errors.items():
            form[name].errors.extend(problems)
        return render_template("followups/templates.html", form=form, kind=kind, kinds=list(LetterKind),
                               placeholders=PLACEHOLDERS, preview=None, is_custom=False,
                               reset_form=ActionForm()), 400
    flash(f"Saved the wording of “{kind.value}”.", "success")
    return redirect(url_for("followups.edit_templates", kind=kind.name))


def _reset_template(organisation_id: int, kind: LetterKind):
    if not ActionForm().validate_on_submit():
        abort(400)
    template_reset(organisation_id=organisation_id, kind=kind)
    flash(f"“{kind.value}” uses the built-in wording again.", "success")
    return redirect(url_for("followups.edit_templates", kind=kind.name))


def _preview(kind: LetterKind, form: TemplateForm) -> Letter:
    return render_letter(kind, SAMPLE_FACTS, today=SAMPLE_FACTS.deadline_on + timedelta(days=14),
                         template=Letter(form.subject.data or "", form.body.data or ""))


def _show(followup: FollowUp, *, form: DraftForm | None = None, snooze_form: SnoozeForm | None = None):
    if form is None:
        form = DraftForm(obj=followup, jurisdiction=_jurisdiction(followup), formdata=None)
        form.sent_on.data = local_today(_jurisdiction(followup))
    if snooze_form is None:
        snooze_form = SnoozeForm(formdata=None, data={"until": date.today() + timedelta(days=7)})
    agency = followup.request.agency
    mailto = mailto_url(agency.email, followup.subject, followup.body) if agency.email else None
    return render_template("followups/show.html", followup=followup, form=form, snooze_form=snooze_form,
                           action_form=ActionForm(formdata=None), records_request=followup.request,
                           is_current=is_current(followup, followup.request), mailto=mailto)


def _owned_or_404(followup_id: int) -> FollowUp:
    followup = owned_followup(current_user.organisation_id, followup_id)
    if followup is None:
        abort(404)
    return followup


def _jurisdiction(followup: FollowUp) -> str:
    return followup.request.agency.jurisdiction


def _kind_or_404(name: str) -> LetterKind:
    if name not in LetterKind.__members__:
        abort(404)
    return LetterKind[name]
