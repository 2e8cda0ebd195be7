"""The short lists of names the request page shows: technologies, watchers, tracking numbers.

Each is a handful of names; loading the three relationships cost a query each, and on
PostgreSQL the round trips, not the rows, are what the page waits for. One query reads them all.
"""

from functools import cache
from typing import NamedTuple

from sqlalchemy import Integer, String, bindparam, literal, null, select, union_all

from ..extensions import db
from ..users.models import User
from .models import Tag, TrackingNumber, request_tag, request_watcher


class RequestLabels(NamedTuple):
    #: Technology tag names, alphabetically.
    tags: tuple[str, ...]
    #: Names of the colleagues watching the request, alphabetically.
    watchers: tuple[str, ...]
    #: The agency's numbers for the request, in the order they were recorded.
    tracking_numbers: tuple[str, ...]


def request_labels(request_id: int) -> RequestLabels:
    """Return the request's tag, watcher and tracking-number names, ordered as its relationships."""
    lists = {name: [] for name in RequestLabels._fields}
    for list_name, label, _, _ in db.session.execute(_labels_statement(),
                                                      {"request_id": request_id}):
        lists[list_name].append(label)
    return RequestLabels(**{name: tuple(labels) for name, labels in lists.items()})


@cache
def _labels_statement():
    # Built once: putting the union together costs several times what running it does.
    request_id = bindparam("request_id")
    no_name, no_id = null().cast(String), null().cast(Integer)
    # The sort columns repeat the relationships' order_by: names for tags and watchers, ids for
    # tracking numbers; each list's rows keep that order when grouped.
    return union_all(
        select(literal("tags").label("list_name"), Tag.name.label("label"),
               Tag.name.label("by_name"), no_id.label("by_id"))
        .join(request_tag, request_tag.c.tag_id == Tag.id)
        .where(request_tag.c.request_id == request_id),
        select(literal("watchers"), User.name, User.name, no_id)
        .join(request_watcher, request_watcher.c.user_id == User.id)
        .where(request_watcher.c.request_id == request_id),
        select(literal("tracking_numbers"), TrackingNumber.value, no_name, TrackingNumber.id)
        .where(TrackingNumber.request_id == request_id),
    ).order_by("list_name", "by_name", "by_id")
