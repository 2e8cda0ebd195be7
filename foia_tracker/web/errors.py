"""Error pages: a clear message and the right status, never a stack trace."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import db


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)


def _csrf_error(error):
    return render_template(
        "errors/error.html", code=400, title="Form expired",
        message="The form was missing its security token or it had expired. "
                "Go back, reload the page and submit it again.",
    ), 400


def _http_error(error: HTTPException):
    return render_template(
        "errors/error.html", code=error.code, title=error.name, message=error.description
    ), error.code


def _server_error(error):
    # Roll back so a half-done change is never committed by a later request on this session.
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unhandled error")
    return render_template(
        "errors/error.html", code=500, title="Something went wrong",
        message="The server could not complete this request; nothing was saved. "
                "The error has been logged.",
    ), 500
