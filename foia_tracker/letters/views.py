"""Pages for advocacy letters that cite evidence."""

from flask import Blueprint

bp = Blueprint("letters", __name__)
