"""Warn admins when the links the app builds for e-mails and calendars point elsewhere."""

from urllib.parse import urlsplit

from flask import current_app, request

from ..config import DEFAULTS


def base_url_mismatch() -> str | None:
    """Return the address this request came to when BASE_URL is the default and differs from it.

    E-mails and the calendar feed cannot use the request's address (the scheduler has none),
    so an installation reached at another address sends links that do not work.
    """
    configured = current_app.config.get("BASE_URL") or ""
    if configured.rstrip("/") != DEFAULTS["BASE_URL"]:
        return None
    here = request.host_url.rstrip("/")
    return None if _origin(here) == _origin(configured) else here


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
