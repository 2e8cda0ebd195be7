"""Log in, log out (here or everywhere), change the password, and accept an invitation."""

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from ..twofactor.pending import pending_start
from .auth import remote_addr
from .forms import ChangePasswordForm, LoginForm, SetPasswordForm
from .login import LoginLimits, LoginThrottled, login_clear_failures, user_authenticate
from .services import InvitationInvalid, user_accept_invitation
from .sessions import WrongPassword, user_change_password, user_end_sessions

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = user_authenticate(email=form.email.data, password=form.password.data,
                                     remote_addr=remote_addr(), limits=login_limits())
        except LoginThrottled as throttled:
            return throttled_page("auth/login.html", throttled, form=form)
        if user is not None and user.is_two_factor_enabled:
            # The failures from here are forgotten only once the code checks too.
            pending_start(user, request.args.get("next"))
            return redirect(url_for("twofactor.code"))
        if user is not None:
            login_clear_failures(email=user.email, remote_addr=remote_addr())
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
        flash("Wrong e-mail or password.", "error")
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


def login_limits() -> LoginLimits:
    """Return the configured login throttling limits."""
    config = current_app.config
    return LoginLimits(per_account_and_address=config["LOGIN_MAX_FAILURES"],
                       per_address=config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
                       window=timedelta(minutes=config["LOGIN_LOCKOUT_MINUTES"]))


def throttled_page(template: str, throttled: LoginThrottled, **context):
    """Return the 429 page telling the visitor how long to wait."""
    whom = "from your network" if throttled.whole_address else "for this account"
    flash(f"Too many failed attempts {whom}. Try again in {throttled.minutes} minutes.", "error")
    response = make_response(render_template(template, **context), 429)
    response.headers["Retry-After"] = str(throttled.minutes * 60)
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # Ends the user's sessions everywhere, so a copied cookie stops working too.
    return _end_every_session("You are logged out.")


@bp.route("/logout/everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    return _end_every_session("You are logged out on every device and browser.")


def _end_every_session(message: str):
    user_end_sessions(user=current_user)
    logout_user()
    flash(message, "info")
    return redirect(url_for("auth.login"))


@bp.route("/profile/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user_change_password(user=current_user, current=form.current.data,
                                 new=form.password.data, remote_addr=remote_addr(),
                                 limits=login_limits())
        except LoginThrottled as throttled:
            return throttled_page("users/password.html", throttled, form=form)
        except WrongPassword as error:
            form.current.errors.append(str(error))
        else:
            # The change ended every session; this one goes on under the new generation.
            login_user(current_user._get_current_object())
            flash("Your password is changed; every other session is logged out.", "success")
            return redirect(url_for("users_profile.show"))
    status = 400 if form.is_submitted() else 200
    return render_template("users/password.html", form=form), status


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    form = SetPasswordForm()
    config = current_app.config
    password = form.password.data if form.validate_on_submit() else None
    try:
        user = user_accept_invitation(
            token=token, password=password, secret_key=config["SECRET_KEY"],
            max_age_hours=config["INVITATION_MAX_AGE_HOURS"],
        )
    except InvitationInvalid as error:
        return render_template("errors/error.html", code=400, title="Invitation not valid",
                               message=str(error)), 400
    if password is not None:
        login_user(user)
        flash("Welcome! Your password is set.", "success")
        return redirect(url_for("main.dashboard"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/invitation.html", form=form, user=user), status


def safe_next(target: str | None) -> str:
    """Return a local path to go to after login; anything pointing elsewhere goes home."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        if not urlsplit(target).netloc:
            return target
    return url_for("main.dashboard")
