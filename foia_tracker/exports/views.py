"""Downloads of evidence lists and letters in every export format."""

from flask import Blueprint

bp = Blueprint("exports", __name__)
