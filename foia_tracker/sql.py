"""Small SQL helpers shared by the list queries."""

LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """Escape LIKE wildcards so user text matches literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column, text: str):
    """Return a case-insensitive "column contains text" condition."""
    return column.ilike(f"%{escape_like(text)}%", escape=LIKE_ESCAPE)
