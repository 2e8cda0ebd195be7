"""URL pieces shared by every blueprint: bounded ids and page numbers."""

from collections.abc import Callable

from flask import Flask, abort, current_app, request, url_for
from werkzeug.routing import IntegerConverter

from ..extensions import db

#: The largest id an integer primary key holds on every supported database.
MAX_ID = 2**31 - 1
MAX_PAGE = 1_000_000


class IdConverter(IntegerConverter):
    """An integer id in a URL; larger numbers than any row can have are simply not found."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def init_app(app: Flask) -> None:
    """Register the `id` URL converter and the templates' id_url."""
    app.url_map.converters["id"] = IdConverter
    app.add_template_global(id_url)


def id_url(endpoint: str, argument: str, **fixed) -> Callable[[int], str]:
    """Return a function of an id giving url_for(endpoint, argument=id, **fixed), for a list's rows.

    url_for matches and builds the rule on every call: the purchases page's three links a row
    cost more than its queries. The URL is built once, with the largest id, and each row's id
    put in its place (an id is plain digits in every rule that takes one), in the path: a fixed
    query argument (a search's words) may hold the same digits.
    """
    path, mark, query = url_for(endpoint, **fixed, **{argument: MAX_ID}).partition("?")
    head, _, tail = path.rpartition(str(MAX_ID))
    tail += mark + query
    return lambda id_: f"{head}{int(id_)}{tail}"


def paginate(query, total: int | None = None, *, param: str = "page"):
    """Return a page of the query from the request's ?page= (1 when missing or below 1).

    Pass `total` when it is known already, to spare the count query; `param` names another
    argument for a second list on the same page.
    """
    page = max(request.args.get(param, 1, type=int), 1)
    if page > MAX_PAGE:
        # Past this the offset overflows the database's integers; no list is that long.
        abort(404, description="There is no such page.")
    result = db.paginate(query, page=page, per_page=current_app.config["PER_PAGE"],
                         error_out=False, count=total is None)
    if total is not None:
        result.total = total
    return result
