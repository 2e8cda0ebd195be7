"""Neutralise spreadsheet formulas in exported text (CSV injection, as OWASP advises)."""

#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Return text that a spreadsheet shows as text: a leading apostrophe before a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
