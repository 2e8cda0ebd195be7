"""A tiny iCalendar reader for the tests: unfold, split properties, unescape TEXT."""

import re

_ESCAPE = re.compile(r"\\([\\;,nN])")


def unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def content_lines(document: str) -> list[str]:
    """Return the unfolded content lines; the document must use CRLF only."""
    assert document.endswith("\r\n") and "\n" not in document.replace("\r\n", "")
    return document.replace("\r\n ", "").split("\r\n")[:-1]


def events(document: str) -> list[dict[str, str]]:
    """Return each VEVENT as {name with parameters: unescaped value}."""
    found, current = [], None
    for line in content_lines(document):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return found
