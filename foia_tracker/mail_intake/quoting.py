"""The parts of a reply's text: what is new, what is quoted history, what was forwarded."""

import email.utils
import re
from dataclasses import dataclass

FORWARD_SUBJECT = re.compile(r"^\s*(?:(?:re|aw|sv)\s*:\s*)*(?:fwd?|fw)\s*:", re.IGNORECASE)
#: Lines that open a forwarded message (Gmail, Outlook, Apple Mail, Thunderbird).
_FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:Forwarded message|Original Message|Message d'origine)\s*-{2,}|"
    r"Begin forwarded message:|-{5,} ?Forwarded Message ?-{5,})\s*$",
    re.IGNORECASE | re.MULTILINE)
#: Lines after which everything is quoted history.
_QUOTE_STARTS = (
    re.compile(r"^\s*-{2,}\s*(?:Original Message|Forwarded message)\s*-{2,}\s*$", re.IGNORECASE),
    re.compile(r"^\s*On\b.{0,200}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*_{10,}\s*$"),
    re.compile(r"^\s*From:\s.+$", re.IGNORECASE),
)
_HEADER_LINE = re.compile(r"^\s*\*?(From|Sent|Date|To|Cc|Subject)\*?:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Original:
    """The sender, date and subject of a forwarded message, as its forward quotes them."""

    from_name: str
    from_address: str
    date: str
    subject: str
    #: The forwarded message's own text, after its quoted headers.
    body: str = ""


def fold_quoted(text: str) -> str:
    """Return the text before the quoted history of earlier messages."""
    lines = text.splitlines()
    kept = []
    for number, line in enumerate(lines):
        if any(pattern.match(line) for pattern in _QUOTE_STARTS) and \
                _looks_like_history(lines, number) or _lotus_header_start(lines, number):
            break
        kept.append(line)
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    new = "\n".join(line for line in kept if not line.lstrip().startswith(">"))
    return new.strip() or text.strip()


def forwarded_original(subject: str, text: str) -> Original | None:
    """Return the forwarded message's own headers, if the text forwards one."""
    marker = _FORWARD_MARKER.search(text)
    if marker is None or not (FORWARD_SUBJECT.match(subject) or marker.start() < 400):
        return None
    fields = {}
    lines = text[marker.end():].lstrip("\n").splitlines()
    body_from = 0
    for number, line in enumerate(lines[:12]):
        match = _HEADER_LINE.match(line)
        body_from = number + 1
        if match is None:
            if fields and not line.strip():
                break
            continue
        fields.setdefault(match.group(1).lower(), match.group(2).strip())
    if "from" not in fields:
        return None
    name, address = email.utils.parseaddr(fields["from"].replace("[mailto:", "<").replace("]", ">"))
    return Original(from_name=name or fields["from"][:200], from_address=address.lower(),
                    date=fields.get("date") or fields.get("sent") or "",
                    subject=fields.get("subject", ""), body="\n".join(lines[body_from:]).strip())


def _lotus_header_start(lines: list[str], number: int) -> bool:
    # Lotus Notes quotes the earlier message as "Name <address>", its date, then "To" and
    # "cc" each alone on a line, with their values on the next.
    if "@" not in lines[number]:
        return False
    following = [line.strip().lower() for line in lines[number + 1:number + 6]]
    return "to" in following and ("cc" in following or "subject" in following)


def _looks_like_history(lines: list[str], number: int) -> bool:
    # A "From:" line alone is quoted history only when a header block follows (Outlook's).
    if not lines[number].lstrip().lower().startswith("from:"):
        return True
    following = lines[number + 1:number + 5]
    return any(re.match(r"^\s*\*?(Sent|Date|To|Subject)\*?:", line, re.IGNORECASE)
               for line in following)
