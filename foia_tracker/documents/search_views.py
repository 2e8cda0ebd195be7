"""The full-text search page over the organisation's documents."""

from flask import Blueprint

bp = Blueprint("search", __name__)
