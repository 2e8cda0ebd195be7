"""The dashboard."""

from datetime import date

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..followups.services import open_followups_for
from ..orgs.services import needs_setup
from ..charts.http import chart_file
from ..records.overview import deadline_chart, overview
from ..records.query import open_requests_statement
from ..records.summary import request_summaries
from .base_url import base_url_mismatch
from .navigation import nav_current

bp = Blueprint("main", __name__)
bp.add_app_template_global(nav_current)
bp.add_app_template_global(base_url_mismatch)
#: The most urgent open requests the dashboard shows; the request list has them all.
DASHBOARD_REQUESTS = 20
#: Follow-ups listed; the count says "20+" past it rather than count them all (see
#: open_followups_for: telling which due follow-ups are current is the costly part).
DASHBOARD_FOLLOWUPS = 20


@bp.app_context_processor
def _today() -> dict:
    return {"today": date.today()}


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    if needs_setup():
        return redirect(url_for("setup.install"))
    return redirect(url_for("auth.login"))


@bp.get("/favicon.ico")
def favicon():
    """Point browsers that ask for /favicon.ico (pages without our <link>: files, errors) to the icon."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.route("/healthz")
def health():
    """Answer load balancers and monitors; also the bare reference route of the page benchmark."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/dashboard")
@login_required
def dashboard():
    # One more row than shown tells whether to point to the full list, without counting.
    request_ids = db.session.scalars(
        open_requests_statement(DASHBOARD_REQUESTS + 1),
        {"organisation_id": current_user.organisation_id, "assignee_id": current_user.id}).all()
    followups = open_followups_for(current_user, limit=DASHBOARD_FOLLOWUPS)
    at_a_glance = overview(current_user.organisation_id, date.today())
    return render_template(
        "dashboard.html", requests=request_summaries(request_ids[:DASHBOARD_REQUESTS]),
        more_requests=len(request_ids) > DASHBOARD_REQUESTS,
        counts=at_a_glance.counts, deadlines=at_a_glance.deadlines,
        followups=followups, more_followups=len(followups) >= DASHBOARD_FOLLOWUPS)


@bp.get("/dashboard/charts/deadlines.<fmt>")
@login_required
def deadline_chart_file(fmt: str):
    """Serve the dashboard's deadline chart as SVG, PNG or its numbers as CSV."""
    return chart_file(deadline_chart(current_user.organisation_id, date.today()), fmt,
                      "deadlines")
