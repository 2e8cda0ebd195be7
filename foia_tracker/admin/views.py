"""Admin pages: the organisation's users, settings and audit log."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..audit.models import AuditEvent
from ..extensions import db
from ..web.routing import paginate
from ..orgs.forms import OrganisationSettingsForm
from ..orgs.services import OrganisationExists, organisation_update
from ..users.auth import role_required
from ..users.forms import InviteForm, UserEditForm
from ..users.models import Role, User
from ..users.services import email_taken, invitation_token, user_invite, user_update

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@role_required(Role.admin)
def users():
    return render_template("admin/users.html", users=_members(), form=InviteForm())


@bp.route("/users/invite", methods=["POST"])
@role_required(Role.admin)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        if not email_taken(form.email.data):
            user = user_invite(organisation_id=current_user.organisation_id, email=form.email.data,
                               name=form.name.data, role=Role(form.role.data))
            return redirect(url_for("admin.invitation", user_id=user.id))
        form.email.errors.append("This e-mail already has an account.")
    return render_template("admin/users.html", users=_members(), form=form), 400


@bp.route("/users/<id:user_id>/invitation")
@role_required(Role.admin)
def invitation(user_id: int):
    user = _member_or_404(user_id)
    if user.password_hash is not None:
        flash(f"{user.name} has already set a password.", "info")
        return redirect(url_for("admin.users"))
    token = invitation_token(user, current_app.config["SECRET_KEY"])
    link = url_for("auth.accept_invitation", token=token, _external=True)
    return render_template("admin/invitation.html", user=user, link=link,
                           hours=current_app.config["INVITATION_MAX_AGE_HOURS"])


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@role_required(Role.admin)
def edit_user(user_id: int):
    user = _member_or_404(user_id)
    form = UserEditForm(obj=user)
    if request.method == "GET":
        form.role.data, form.is_active.data = user.role.value, user.is_active_account
    if form.validate_on_submit():
        try:
            user_update(user=user, acting=current_user, name=form.name.data,
                        role=Role(form.role.data), is_active=form.is_active.data)
        except ValueError as error:
            form.role.errors.append(str(error))
        else:
            flash(f"Saved {user.name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user), \
        400 if form.is_submitted() else 200


@bp.route("/settings", methods=["GET", "POST"])
@role_required(Role.admin)
def settings():
    organisation = current_user.organisation
    form = OrganisationSettingsForm(obj=organisation)
    if form.validate_on_submit():
        try:
            organisation_update(
                organisation=organisation, name=form.name.data,
                followup_policy_days=form.followup_policy_days.data,
                followup_repeat_business_days=form.followup_repeat_business_days.data,
                escalation_business_days=form.escalation_business_days.data)
        except OrganisationExists as error:
            form.name.errors.append(str(error))
        else:
            flash("Saved.", "success")
            return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, organisation=organisation), \
        400 if form.is_submitted() else 200


@bp.route("/audit")
@role_required(Role.admin)
def audit():
    query = select(AuditEvent).where(AuditEvent.organisation_id == current_user.organisation_id)
    object_type = request.args.get("type", "")
    if object_type:
        query = query.where(AuditEvent.object_type == object_type[:40])
    page = paginate(query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))
    return render_template("admin/audit.html", page=page, object_type=object_type)


def _members() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.organisation_id == current_user.organisation_id).order_by(User.name)))


def _member_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.organisation_id != current_user.organisation_id:
        abort(404)
    return user
