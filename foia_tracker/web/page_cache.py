"""Rendered parts of an organisation's pages, reused until its data changes.

At coalition scale a request list costs milliseconds of SQL and rendering that come out the same
for every view until someone changes something. A part is kept under its organisation's data
version (orgs.data_version), which every commit changing that organisation's data replaces, so
the next view renders afresh; old entries are never looked up again and age out of a bounded
least-recently-used store. Keys also hold today's date, on which overdue marks depend, the
hour (an agency's day starts at another hour than the server's), and the query string.

Only parts that are the same for every member of the organisation (or keyed by user or by a
variant such as the viewer's role) belong here. Form tokens are per session: a part with forms
is rendered with a stand-in token, which each view replaces with its own. Each worker process
keeps its own store (PAGE_CACHE_ENTRIES entries, 0 turns caching off).
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from typing import NamedTuple

from flask import current_app, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

_EXTENSION = "foia_page_cache"
#: Unguessable, so no text a user wrote can contain it.
_TOKEN_STAND_IN = "token-stand-in-" + secrets.token_hex(16)


class RenderedPart(NamedTuple):
    html: Markup
    #: The page's status: a part rendered from invalid filters says 400.
    status: int = 200


def render_part(template: str, status: int = 200, **context) -> RenderedPart:
    """Render a template into a part, with the status of the page it belongs to."""
    return RenderedPart(Markup(render_template(template, **context)), status)


class PartStore:
    """A bounded least-recently-used map, safe to share between a process's threads."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, RenderedPart] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_render(self, key: Hashable, render: Callable[[], RenderedPart]) -> RenderedPart:
        with self._lock:
            part = self._entries.get(key)
            if part is not None:
                self._entries.move_to_end(key)
                return part
        # Rendered outside the lock: a slow render must not hold up the other threads' hits.
        part = render()
        with self._lock:
            self._entries[key] = part
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return part

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def init_app(app) -> None:
    entries = int(app.config["PAGE_CACHE_ENTRIES"])
    app.extensions[_EXTENSION] = PartStore(entries) if entries > 0 else None


def forget_all(app) -> None:
    """Drop every kept part, e.g. after changing settings that parts are rendered with."""
    store = app.extensions.get(_EXTENSION)
    if store is not None:
        store.clear()


def page_part(name: str, render: Callable[[], RenderedPart], *, per_user: bool = False,
              variant: Hashable = None, form_tokens: bool = False) -> RenderedPart:
    """Return the part `name` of the current page for the current user's organisation.

    `render` makes it when no view since the organisation's last change has; per_user keeps one
    per user, for parts that show the viewer's own work, and `variant` one per value, e.g. per
    request shown and role. With form_tokens, the part's forms get this session's CSRF token.
    """
    store = current_app.extensions.get(_EXTENSION)
    if store is None:
        return render()
    organisation = current_user.organisation
    key = (name, organisation.id, organisation.data_version, date.today(), datetime.now(UTC).hour,
           current_user.id if per_user else None, variant,
           tuple(sorted(request.args.items(multi=True))))
    if not form_tokens:
        return store.get_or_render(key, render)
    part = store.get_or_render(key, lambda: _with_token_stand_in(render))
    if _TOKEN_STAND_IN not in part.html:
        return part  # no form for this viewer: no token, and no session change for one
    return part._replace(html=Markup(str(part.html).replace(_TOKEN_STAND_IN, generate_csrf())))


def _with_token_stand_in(render: Callable[[], RenderedPart]) -> RenderedPart:
    # Flask-WTF hands out the token it finds in g (its documented place for the signed token),
    # so the forms rendered here, and csrf_token() in templates, write the stand-in.
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    own = g.pop(field, None)
    setattr(g, field, _TOKEN_STAND_IN)
    try:
        return render()
    finally:
        g.pop(field, None)
        if own is not None:
            setattr(g, field, own)
