"""Which main-navigation link the current page belongs to (for aria-current)."""

from flask import request


def nav_current(endpoint: str, *sections: str) -> str | None:
    """Return the aria-current value of a navigation link to `endpoint` on this request.

    "page" on the link's own page; "true" on a page inside its area: a page with an id of the
    link's blueprint when the link is that blueprint's index (a request under Requests), or any
    page of the blueprints named in `sections` (a document under Requests). None elsewhere.
    """
    if request.endpoint == endpoint:
        return "page"
    blueprint = endpoint.rpartition(".")[0]
    if request.blueprint in sections:
        return "true"
    if request.blueprint == blueprint and endpoint.endswith(".index") and request.view_args:
        return "true"
    return None
