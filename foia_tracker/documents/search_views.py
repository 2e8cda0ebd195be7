"""The full-text search page over the organisation's documents."""

from flask import Blueprint

bp = Blueprint("search", __name__)


@bp.get("/search")
def index():  # placeholder until the search page lands
    from flask import abort
    abort(404)
