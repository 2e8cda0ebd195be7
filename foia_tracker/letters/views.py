"""Pages for advocacy letters that cite evidence."""

from flask import Blueprint

bp = Blueprint("letters", __name__)


@bp.get("/letters")
def index():  # placeholder until the letters list lands
    from flask import abort
    abort(404)
