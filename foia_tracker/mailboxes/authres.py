"""Read the receiving server's Authentication-Results header (RFC 8601): SPF, DKIM and DMARC."""

import re
from dataclasses import dataclass, field

#: Results RFC 8601 defines; anything else is recorded as "unknown" rather than trusted.
KNOWN_RESULTS = {"pass", "fail", "softfail", "neutral", "none", "temperror", "permerror",
                 "policy", "hardfail", "bestguesspass"}
_METHOD = re.compile(r"^\s*([A-Za-z0-9_.-]+)(?:/\d+)?\s*=\s*([A-Za-z]+)")


@dataclass(frozen=True)
class ServerResults:
    """One Authentication-Results header: who wrote it and each method's result."""

    authserv_id: str
    results: dict[str, str] = field(default_factory=dict)


def parse_authentication_results(value: str) -> ServerResults | None:
    """Return the header's author and method results, or None when it cannot be read."""
    clauses = _split_clauses(_strip_comments(" ".join(value.split())))
    if not clauses or not clauses[0].strip():
        return None
    authserv_id = clauses[0].split()[0].lower()
    results: dict[str, str] = {}
    for clause in clauses[1:]:
        match = _METHOD.match(clause)
        if match:
            method, result = match.group(1).lower(), match.group(2).lower()
            # The first result per method is the one the server stands behind.
            results.setdefault(method, result if result in KNOWN_RESULTS else "unknown")
    return ServerResults(authserv_id, results)


def receiving_server_results(headers: list[str], *, trusted_authserv_id: str | None
                             ) -> ServerResults | None:
    """Pick the receiving server's header: the one it is named in, else the topmost one.

    Anybody can put an Authentication-Results header in a message they send; the receiving
    server adds its own on top, so the topmost one (or the one with its name) is the one to read.
    """
    parsed = [found for value in headers if (found := parse_authentication_results(value))]
    if trusted_authserv_id:
        wanted = trusted_authserv_id.lower()
        return next((found for found in parsed if found.authserv_id == wanted), None)
    return parsed[0] if parsed else None


def _strip_comments(text: str) -> str:
    out, depth, quoted = [], 0, False
    for char in text:
        if char == '"' and depth == 0:
            quoted = not quoted
        if not quoted and char == "(":
            depth += 1
            continue
        if not quoted and char == ")" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(char)
    return "".join(out)


def _split_clauses(text: str) -> list[str]:
    clauses, current, quoted = [], [], False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            clauses.append("".join(current))
            current = []
        else:
            current.append(char)
    clauses.append("".join(current))
    return clauses
