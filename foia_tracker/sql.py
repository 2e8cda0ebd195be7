"""Small SQL helpers shared by the list queries."""

from sqlalchemy import select

LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str):
    """Return a case-insensitive "column contains text" condition."""
    return column.ilike(f"%{escape_like(text)}%", escape=LIKE_ESCAPE)


def looked_up(column, key, value):
    """Return `column` of the row whose `key` equals `value`: a correlated scalar subquery.

    For a page of rows naming their agency, organisation or assignee. Given joins, PostgreSQL
    estimated fifty look-ups by key dearer than hashing the whole other table, and read all
    5,000 agencies for every request list (1.2 ms of its 2.8); a subquery a row is always a
    look-up by key, on either database.
    """
    return select(column).where(key == value).scalar_subquery()
