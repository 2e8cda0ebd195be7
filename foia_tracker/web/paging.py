"""Pages of a list counted in the same pass as they are read.

A list that must sort all of its rows anyway (a campaign's linked requests, by deadline across
affiliates) reads every match to order them: a separate count query would read them all
again. A window count (count(*) OVER ()) carries the total on each row of the page instead.
"""

import math
from dataclasses import dataclass

from flask import abort, current_app, request
from sqlalchemy import Select, func, select

from ..extensions import db
from .routing import MAX_PAGE


class PageNumbers:
    """The pager's arithmetic, shaped like a Flask-SQLAlchemy pagination for the pager macro."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1)

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass
class CountedPage(PageNumbers):
    items: list
    total: int
    page: int
    per_page: int


def paginate_counted(query: Select, *, param: str = "page") -> CountedPage:
    """Return the page of a one-column query that the request's ?page= asks for (as paginate).

    The query is read with a window count added: one statement, unless the page asked for is
    past the last one, where no row carries the total and it is counted on its own.
    """
    page = max(request.args.get(param, 1, type=int), 1)
    if page > MAX_PAGE:
        # Past this the offset overflows the database's integers; no list is that long.
        abort(404, description="There is no such page.")
    per_page = current_app.config["PER_PAGE"]
    rows = db.session.execute(query.add_columns(func.count().over())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return CountedPage([row[0] for row in rows], total, page, per_page)
