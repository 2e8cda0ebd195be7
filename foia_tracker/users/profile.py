"""The user's own profile: alert preferences and the calendar feed."""

from zoneinfo import available_timezones

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from wtforms import BooleanField
from wtforms.validators import InputRequired, NumberRange

from ..calendar_feed.services import calendar_url
from ..web.forms import AppForm, SelectField, WholeNumberField, options
from .services import preferences_save

bp = Blueprint("users_profile", __name__)

#: US zones first: the people who use this work in them.
_ZONES = sorted(available_timezones(), key=lambda z: (not z.startswith(("America/", "Pacific/Honolulu")), z))


class AlertPreferencesForm(AppForm):
    is_email_enabled = BooleanField("E-mail me deadline alerts")
    timezone = SelectField("My time zone", choices=options((z, z.replace("_", " ")) for z in _ZONES))
    digest_hour = WholeNumberField("Daily digest at (hour, 0-23)", validators=[
        InputRequired(message="Enter an hour from 0 to 23."), NumberRange(min=0, max=23)])
    lead_business_days = WholeNumberField("Warn me this many business days ahead", validators=[
        InputRequired(message="Enter a number of business days."), NumberRange(min=0, max=30)])


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def show():
    form = AlertPreferencesForm(obj=current_user)
    if form.validate_on_submit():
        preferences_save(user=current_user, values={
            key: getattr(form, key).data
            for key in ("is_email_enabled", "timezone", "digest_hour", "lead_business_days")})
        flash("Your alert preferences are saved.", "success")
        return redirect(url_for("users_profile.show"))
    return render_template("users/profile.html", form=form, calendar_url=calendar_url(current_user)), \
        400 if form.is_submitted() else 200
