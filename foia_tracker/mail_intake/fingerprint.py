"""The key that makes a message filed at most once, however it reaches us and how often.

The same message comes by the pipe and by a mailbox, or twice by either, with different trace
headers (Received, Delivered-To, Return-Path) and line endings. Its Message-ID, its From, Date
and Subject, and its body bytes do not change. A sender that reuses a Message-ID for another
message changes the body or those headers, so the key differs and both are filed.
"""

import hashlib
from collections.abc import Iterable, Iterator
from email import policy
from email.parser import BytesHeaderParser

from .parse import header, normal_message_id

_IDENTITY_FIELDS = ("From", "Date", "Subject")
#: The most of the header block that is parsed for the identity fields (hostile mail sends more).
_HEAD_BYTES = 1024 * 1024
_SEPARATORS = (b"\r\n\r\n", b"\n\n")
_TRAILING = b"\r\n \t"


def dedupe_key(raw: bytes | Iterable[bytes]) -> tuple[str, str | None]:
    """Return (dedupe key, Message-ID or None) of a raw message (its bytes, or its chunks)."""
    chunks = iter((raw,) if isinstance(raw, bytes) else raw)
    head, body = _split(chunks)
    try:
        headers = BytesHeaderParser(policy=policy.default).parsebytes(head)
        message_id = normal_message_id(header(headers, "Message-ID"))
        identity = "\n".join(header(headers, name) for name in _IDENTITY_FIELDS)
    except Exception:  # noqa: BLE001  (hostile headers: fall back to the bytes alone)
        message_id, identity = None, head.decode("latin-1")
    digest = hashlib.sha256(identity.encode("utf-8", "replace") + b"\n\n")
    _update_normalised(digest, body)
    if message_id is None:
        return f"raw:{digest.hexdigest()}", None
    digest.update(message_id.encode("utf-8", "replace"))
    return f"mid:{digest.hexdigest()}", message_id


def _split(chunks: Iterator[bytes]) -> tuple[bytes, Iterator[bytes]]:
    """Return the header block (at most its first _HEAD_BYTES) and the body's chunks after it."""
    prefix = bytearray()  # the message's first _HEAD_BYTES
    tail = b""  # the last bytes read: a blank line may straddle two chunks
    offset = 0  # where this chunk starts in the message
    for chunk in chunks:
        window = tail + chunk
        if len(prefix) < _HEAD_BYTES:
            prefix += chunk[:_HEAD_BYTES - len(prefix)]
        ends = [i for i in (window.find(sep) for sep in _SEPARATORS) if i >= 0]
        if ends:
            end = min(ends)
            separator = 4 if window.startswith(b"\r\n\r\n", end) else 2
            head_end = offset - len(tail) + end
            return bytes(prefix[:head_end]), _chained(window[end + separator:], chunks)
        tail = window[-3:]
        offset += len(chunk)
    # No blank line: all of it is header, and there is no body.
    return bytes(prefix), iter(())


def _chained(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _update_normalised(digest, body: Iterable[bytes]) -> None:
    # Line endings differ between a pipe (LF) and IMAP (CRLF); trailing blank lines too.
    pending = bytearray()  # trailing whitespace not yet known to be inside the body
    carry = b""
    for chunk in body:
        pending += chunk
        kept = len(pending.rstrip(_TRAILING))
        if kept:
            data = carry + bytes(pending[:kept])
            del pending[:kept]
            carry = b"\r" if data.endswith(b"\r") else b""
            digest.update((data[:-1] if carry else data).replace(b"\r\n", b"\n"))
    digest.update(carry)
