"""File names as users see them: cleaned for display, never used to build a path."""

import re
import unicodedata

MAX_NAME = 255
MAX_ARCHIVE_PATH = 1000
#: Longest ending kept whole when a name is shortened (".xlsx", ".jpeg", ".tar.gz" fit).
MAX_EXTENSION = 16
FALLBACK_NAME = "document"

# Control characters (NUL included) and the bidirectional overrides and isolates that make
# "invoice\u202efdp.exe" display as "invoiceexe.pdf".
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_name(raw: str | None) -> str:
    """Return a display name: last path part only, no control characters, NFC, at most 255."""
    name = _clean_text(raw or "")
    # Windows clients send C:\\Users\\...\\report.pdf; both separators end a folder here.
    name = re.split(r"[\\/]", name)[-1].strip()
    if name in ("", ".", ".."):
        return FALLBACK_NAME
    return _shorten(name, MAX_NAME)


def clean_archive_path(raw: str) -> str:
    """Return a ZIP member's path for display, with the same character rules as a name."""
    path = _clean_text(raw).replace("\\", "/").strip("/")
    return path[-MAX_ARCHIVE_PATH:]


def _clean_text(value: str) -> str:
    return _UNSAFE.sub("", unicodedata.normalize("NFC", value))


def _shorten(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) < MAX_EXTENSION:
        return stem[:limit - len(extension) - 1].rstrip() + "." + extension
    return name[:limit]
