"""JSON API for logged-in users."""

from datetime import date

from flask import Blueprint, jsonify, request
from flask_login import login_required

from ..deadlines import CalendarRangeError, NoRuleInForce, UnknownJurisdiction, deadline_report

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.route("/deadlines")
@login_required
def deadlines():
    jurisdiction = request.args.get("jurisdiction", "").strip().upper()
    try:
        received_on = date.fromisoformat(request.args.get("received_on", ""))
    except ValueError:
        return _error("received_on must be a date as YYYY-MM-DD.")
    try:
        return jsonify(deadline_report(jurisdiction, received_on))
    except (UnknownJurisdiction, NoRuleInForce, CalendarRangeError) as error:
        return _error(str(error))


def _error(message: str):
    return jsonify({"error": message}), 400
