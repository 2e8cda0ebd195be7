"""Pages for evidence items and the purchases found across requests."""

from flask import Blueprint

bp = Blueprint("evidence", __name__)
