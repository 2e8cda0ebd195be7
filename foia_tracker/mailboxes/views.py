"""Admin pages: connect mailboxes, see when each was read and why not, check one now."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ..users.auth import role_required
from ..users.models import Role
from .display import communication_verdicts
from .forms import MailboxForm
from .models import Mailbox
from .polling import mailbox_poll
from .sealing import key_state
from .services import (
    MailboxNameTaken, MailboxNotFound, mailbox_create, mailbox_get, mailbox_remove,
    mailbox_update, mailboxes_of,
)

bp = Blueprint("mailboxes", __name__, url_prefix="/admin/mailboxes")
bp.add_app_template_global(communication_verdicts, "mail_verdicts")


@bp.route("/")
@role_required(Role.admin)
def index():
    return render_template("mailboxes/index.html", key_problem=key_state(current_app.config),
                           mailboxes=mailboxes_of(organisation_id=current_user.organisation_id))


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.admin)
def create():
    _require_key()
    form = MailboxForm(is_new=True)
    if form.validate_on_submit():
        try:
            mailbox_create(organisation_id=current_user.organisation_id, values=form.values(),
                           password=form.password.data)
        except MailboxNameTaken as error:
            form.name.errors.append(str(error))
            return render_template("mailboxes/form.html", form=form, mailbox=None), 409
        flash("The mailbox is connected; check it now to read its messages.", "success")
        return redirect(url_for("mailboxes.index"))
    return render_template("mailboxes/form.html", form=form, mailbox=None), \
        400 if form.errors else 200


@bp.route("/<id:mailbox_id>", methods=["GET", "POST"])
@role_required(Role.admin)
def edit(mailbox_id: int):
    _require_key()
    mailbox = _mailbox_or_404(mailbox_id)
    form = MailboxForm(obj=mailbox, is_new=False)
    if not form.is_submitted():
        form.security.data = mailbox.security.name
    if form.validate_on_submit():
        try:
            mailbox_update(mailbox_id=mailbox.id, organisation_id=current_user.organisation_id,
                           values=form.values(), password=form.password.data or None)
        except MailboxNameTaken as error:
            form.name.errors.append(str(error))
            return render_template("mailboxes/form.html", form=form, mailbox=mailbox), 409
        flash("The mailbox settings are saved.", "success")
        return redirect(url_for("mailboxes.index"))
    return render_template("mailboxes/form.html", form=form, mailbox=mailbox), \
        400 if form.errors else 200


@bp.route("/<id:mailbox_id>/check", methods=["POST"])
@role_required(Role.admin)
def check(mailbox_id: int):
    _require_key()
    mailbox = _mailbox_or_404(mailbox_id)
    # One batch only: the page waits for it; the scheduler reads the rest.
    result = mailbox_poll(mailbox_id=mailbox.id, max_batches=1)
    flash(f"{mailbox.name}: {result}", "error" if result.error else "success")
    return redirect(url_for("mailboxes.index"))


@bp.route("/<id:mailbox_id>/remove", methods=["POST"])
@role_required(Role.admin)
def remove(mailbox_id: int):
    name = _mailbox_or_404(mailbox_id).name
    mailbox_remove(mailbox_id=mailbox_id, organisation_id=current_user.organisation_id)
    flash(f"The mailbox {name} is disconnected; what was filed from it stays filed.", "success")
    return redirect(url_for("mailboxes.index"))


def _mailbox_or_404(mailbox_id: int) -> Mailbox:
    try:
        return mailbox_get(mailbox_id=mailbox_id, organisation_id=current_user.organisation_id)
    except MailboxNotFound:
        abort(404)


def _require_key() -> None:
    if key_state(current_app.config) is not None:
        abort(409, description="Mailboxes are switched off: FOIA_MAILBOX_KEY is not set or not "
                               "valid. See the Mailboxes page.")
