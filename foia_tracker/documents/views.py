"""Pages for uploading, viewing, downloading and deleting documents."""

from flask import Blueprint

bp = Blueprint("documents", __name__)
