"""The key that makes a message filed at most once, however it reaches us and how often.

The same message comes by the pipe and by a mailbox, or twice by either, with different trace
headers (Received, Delivered-To, Return-Path) and line endings. Its Message-ID, its From, Date
and Subject, and its body bytes do not change. A sender that reuses a Message-ID for another
message changes the body or those headers, so the key differs and both are filed.
"""

import hashlib
from email import policy
from email.parser import BytesHeaderParser

from .parse import header, normal_message_id

_IDENTITY_FIELDS = ("From", "Date", "Subject")
_CHUNK = 1024 * 1024


def dedupe_key(raw: bytes) -> tuple[str, str | None]:
    """Return (dedupe key, Message-ID or None) of a raw message."""
    head, body_start = _header_block(raw)
    try:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(head)
        message_id = normal_message_id(header(headers, "Message-ID"))
        identity = "\n".join(header(headers, name) for name in _IDENTITY_FIELDS)
    except Exception:  # noqa: BLE001  (hostile headers: fall back to the bytes alone)
        message_id, identity = None, head.decode("latin-1")
    digest = hashlib.sha256(identity.encode("utf-8", "replace") + b"\n\n")
    _update_normalised(digest, raw, body_start)
    if message_id is None:
        return f"raw:{digest.hexdigest()}", None
    digest.update(message_id.encode("utf-8", "replace"))
    return f"mid:{digest.hexdigest()}", message_id


def _header_block(raw: bytes) -> tuple[bytes, int]:
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    if not ends:
        return raw[:_CHUNK], len(raw)
    end = min(ends)
    separator = 4 if raw.startswith(b"\r\n\r\n", end) else 2
    return raw[:end], end + separator


def _update_normalised(digest, raw: bytes, start: int) -> None:
    # Line endings differ between a pipe (LF) and IMAP (CRLF); trailing blank lines too.
    end = len(raw)
    while end > start and raw[end - 1] in b"\r\n \t":
        end -= 1  # not raw.rstrip(): that copies a 270 MB message
    carry = b""
    for offset in range(start, end, _CHUNK):
        chunk = carry + raw[offset:min(offset + _CHUNK, end)]
        carry = b"\r" if chunk.endswith(b"\r") else b""
        if carry:
            chunk = chunk[:-1]
        digest.update(chunk.replace(b"\r\n", b"\n"))
    digest.update(carry)
