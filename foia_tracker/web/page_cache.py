"""Rendered parts of an organisation's pages, reused until its data changes.

At coalition scale a request list costs milliseconds of SQL and rendering that come out the same
for every view until someone changes something. A part is kept under its organisation's data
version (orgs.data_version), which every commit changing that organisation's data replaces, so
the next view renders afresh; old entries are never looked up again and age out of a bounded
least-recently-used store. Keys also hold today's date, on which overdue marks depend, the
hour (an agency's day starts at another hour than the server's), and the query string.

Only parts that are the same for every member of the organisation (or keyed by user) and that
hold no form token belong here. Each worker process keeps its own store (PAGE_CACHE_ENTRIES
entries, 0 turns caching off).
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from typing import NamedTuple

from flask import current_app, request
from flask_login import current_user
from markupsafe import Markup

_EXTENSION = "foia_page_cache"


class RenderedPart(NamedTuple):
    html: Markup
    #: The page's status: a part rendered from invalid filters says 400.
    status: int = 200


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


def page_part(name: str, render: Callable[[], RenderedPart], *, per_user: bool = False) -> RenderedPart:
    """Return the part `name` of the current page for the current user's organisation.

    `render` makes it when no view since the organisation's last change has; per_user keeps one
    per user, for parts that show the viewer's own work.
    """
    store = current_app.extensions.get(_EXTENSION)
    if store is None:
        return render()
    organisation = current_user.organisation
    key = (name, organisation.id, organisation.data_version, date.today(), datetime.now(UTC).hour,
           current_user.id if per_user else None, tuple(sorted(request.args.items(multi=True))))
    return store.get_or_render(key, render)
