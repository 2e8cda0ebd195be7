"""The one-time setup page of a new installation."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import login_user

from .forms import SetupForm
from .services import OrganisationExists, SetupAlreadyDone, needs_setup, setup_install

bp = Blueprint("setup", __name__)


@bp.route("/setup", methods=["GET", "POST"])
def install():
    if not needs_setup():
        abort(404)
    form = SetupForm()
    if form.validate_on_submit():
        try:
            admin = setup_install(
                organisation_name=form.organisation_name.data,
                organisation_code=form.organisation_code.data,
                admin_name=form.admin_name.data, admin_email=form.admin_email.data,
                admin_password=form.password.data,
            )
        except SetupAlreadyDone:
            abort(404)
        except OrganisationExists as error:
            form.organisation_name.errors.append(str(error))
        else:
            login_user(admin)
            flash("Your organisation is ready. Next, add agencies and requests.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("setup/install.html", form=form), 400 if form.is_submitted() else 200
