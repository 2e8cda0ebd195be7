"""Two-factor pages: enrolment from the profile, the code step of logging in, the admin rule."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from ..users.auth import remote_addr, role_required
from ..users.login import LoginThrottled
from ..users.models import Role
from ..users.views import login_limits, safe_next, throttled_page
from .cli import reset_command
from .forms import ActionForm, CodeForm, DisableForm, PolicyForm
from .pending import pending_finish, pending_user
from .services import (
    TwoFactorError, organisation_require_twofactor, twofactor_begin, twofactor_disable,
    twofactor_enable, twofactor_new_recovery_codes, twofactor_verify,
)
from .totp import provisioning_uri, qr_svg

# `flask --app foia_tracker two-factor reset EMAIL`
bp = Blueprint("twofactor", __name__, cli_group="two-factor")
bp.cli.add_command(reset_command)

ISSUER = "FOIA tracker"
#: What a user whose organisation requires two-factor sign-in may open before enrolling.
_ENROLMENT_ENDPOINTS = frozenset({"twofactor.setup", "twofactor.start", "auth.logout",
                                  "auth.logout_everywhere", "static", "main.health"})


@bp.before_app_request
def _require_enrolment():
    # The organisation's rule applies from the next request on, to sessions already open too.
    if not current_user.is_authenticated or current_user.is_two_factor_enabled:
        return None
    if not current_user.organisation.is_two_factor_required:
        return None
    if request.endpoint in _ENROLMENT_ENDPOINTS:
        return None
    flash(f"{current_user.organisation.name} requires two-factor sign-in: turn it on to go on.",
          "info")
    return redirect(url_for("twofactor.setup"))


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    user = pending_user()
    if user is None:
        flash("Log in again: the code step expired or was ended.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            accepted = twofactor_verify(user=user, code=form.code.data, remote_addr=remote_addr(),
                                        limits=login_limits())
        except LoginThrottled as throttled:
            return throttled_page("twofactor/code.html", throttled, form=form)
        if accepted is not None:
            login_user(user)
            if accepted.recovery_codes_left is not None:
                flash(f"Recovery code used: {accepted.recovery_codes_left} left. Make new ones "
                      "on your profile page if you are running out.", "info")
            return redirect(safe_next(pending_finish()))
        form.code.errors.append("This code is not valid (or was already used).")
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("twofactor/code.html", form=form), status


@bp.route("/profile/two-factor", methods=["GET", "POST"])
@login_required
def setup():
    if current_user.is_two_factor_enabled:
        return redirect(url_for("users_profile.show"))
    form = CodeForm()
    status = 200
    if current_user.totp_secret is None and form.is_submitted():
        flash("Start by setting up two-factor sign-in.", "info")
        return redirect(url_for("twofactor.setup"))
    if form.validate_on_submit():
        try:
            codes = twofactor_enable(user=current_user, code=form.code.data)
        except TwoFactorError as error:
            form.code.errors.append(str(error))
        else:
            # Shown in this response only: they are stored hashed and cannot be shown again.
            return render_template("twofactor/recovery_codes.html", codes=codes, is_new=True)
    if form.is_submitted():
        status = 400
    return render_template("twofactor/setup.html", form=form, **_enrolment(current_user)), status


@bp.route("/profile/two-factor/start", methods=["POST"])
@login_required
def start():
    if ActionForm().validate_on_submit() and not current_user.is_two_factor_enabled:
        twofactor_begin(user=current_user)
    return redirect(url_for("twofactor.setup"))


@bp.route("/profile/two-factor/recovery-codes", methods=["POST"])
@login_required
def new_recovery_codes():
    if not ActionForm().validate_on_submit() or not current_user.is_two_factor_enabled:
        return redirect(url_for("users_profile.show"))
    codes = twofactor_new_recovery_codes(user=current_user)
    return render_template("twofactor/recovery_codes.html", codes=codes, is_new=False)


@bp.route("/profile/two-factor/off", methods=["GET", "POST"])
@login_required
def disable():
    form = DisableForm()
    if form.validate_on_submit():
        try:
            twofactor_disable(user=current_user, password=form.password.data)
        except TwoFactorError as error:
            form.password.errors.append(str(error))
        else:
            flash("Two-factor sign-in is off.", "success")
            return redirect(url_for("users_profile.show"))
    return render_template("twofactor/disable.html", form=form), \
        400 if form.is_submitted() else 200


@bp.route("/admin/two-factor", methods=["POST"])
@role_required(Role.admin)
def policy():
    form = PolicyForm()
    if not form.validate_on_submit():
        abort(400, description=" ".join(form.is_two_factor_required.errors))
    organisation_require_twofactor(organisation=current_user.organisation,
                                   is_required=form.is_two_factor_required.data)
    flash("Everyone now signs in with a two-factor code." if form.is_two_factor_required.data
          else "Two-factor sign-in is now each user's choice.", "success")
    return redirect(url_for("admin.settings"))


def _enrolment(user) -> dict:
    if user.totp_secret is None:
        return {"secret": None}
    uri = provisioning_uri(user.totp_secret, account=user.email, issuer=ISSUER)
    return {"secret": user.totp_secret, "qr": qr_svg(uri)}
