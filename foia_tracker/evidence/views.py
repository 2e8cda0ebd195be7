"""Pages for evidence items and the purchases found across requests."""

from flask import Blueprint

bp = Blueprint("evidence", __name__)


@bp.get("/evidence")
def index():  # placeholder until the evidence list lands
    from flask import abort
    abort(404)


@bp.get("/evidence/purchases")
def purchases():  # placeholder until the purchases page lands
    from flask import abort
    abort(404)
