"""The personal calendar feed: a secret URL calendar clients poll, and resetting that URL."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_login import current_user, login_required
from werkzeug.routing import BuildError

from ..db_types import utcnow
from .ics import calendar_document
from .services import absolute_url, calendar_token_reset, calendar_url, feed_events, feed_owner

bp = Blueprint("calendar_feed", __name__)


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    # Calendar clients cannot log in: the secret token is the credential.
    user = feed_owner(token)
    if user is None:
        abort(404)
    events = feed_events(organisation_id=user.organisation_id, link=_request_link, domain=_uid_domain())
    body = calendar_document(events, name=f"FOIA deadlines: {user.organisation.name}",
                             stamped_at=utcnow())
    response = current_app.response_class(body, content_type="text/calendar; charset=utf-8")
    # The feed is one user's secret: no shared cache may keep it.
    response.cache_control.private = True
    return response


@bp.post("/calendar/reset")
@login_required
def reset():
    had_token = current_user.calendar_token is not None
    calendar_token_reset(user=current_user)
    if had_token:
        flash(f"Your new calendar URL is {calendar_url(current_user)}. The old URL no longer "
              "works: subscribe again with the new one.", "success")
    else:
        flash(f"Your calendar URL is {calendar_url(current_user)}.", "success")
    return redirect(_profile_url())


def _request_link(request_id: int) -> str:
    return absolute_url(url_for("records.show", request_id=request_id))


def _uid_domain() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "foia-tracker"


def _profile_url() -> str:
    try:
        return url_for("users_profile.show")
    except BuildError:
        return url_for("main.dashboard")
