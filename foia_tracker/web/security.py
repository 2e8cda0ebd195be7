"""Security headers on every response."""

from flask import Flask, current_app

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Add the headers to every response."""
    app.after_request(_add_headers)


def _add_headers(response):
    response.headers.setdefault("Content-Security-Policy", _CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["HSTS_SECONDS"]:
        response.headers.setdefault("Strict-Transport-Security",
                                    f"max-age={current_app.config['HSTS_SECONDS']}")
    return response
