"""Render alert mail: one request context and one link builder per sweep, not one per message."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, render_template, url_for

#: Any valid id: the request link is built once with it, and each digest line swaps in its own.
_PROBE_ID = 987654321


class AlertMail:
    """Render the text and HTML bodies of alert mail inside the sweep's request context."""

    def __init__(self):
        probe = url_for("records.show", request_id=_PROBE_ID, _external=True)
        self._before_id, _, self._after_id = probe.rpartition(str(_PROBE_ID))

    def request_url(self, request_id: int) -> str:
        """Return the absolute URL of a request's page, as url_for builds it."""
        # url_for for every line of 300 digests cost more than all the rest of the rendering.
        return f"{self._before_id}{request_id}{self._after_id}"

    def render(self, name: str, context: dict) -> dict[str, str]:
        """Return the text_body and html_body of the mail/<name> templates."""
        context = {**context, "request_url": self.request_url}
        return {"text_body": render_template(f"mail/{name}.txt", **context),
                "html_body": render_template(f"mail/{name}.html", **context)}


@contextmanager
def alert_mail() -> Iterator[AlertMail]:
    """Yield a renderer whose links start with the configured BASE_URL."""
    base_url = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base_url):
        yield AlertMail()
