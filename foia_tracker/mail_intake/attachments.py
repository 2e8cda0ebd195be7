"""Find a message's attachments: MIME parts, attached e-mails, uuencoded files, winmail.dat.

Pure: an attachment is a name, a declared type and a way to write its bytes out in chunks.
"""

import binascii
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message

from tnefparse import TNEF

from ..documents.names import clean_name

#: Parts that are not documents: signatures, delivery reports, the alternatives of a body.
_NOT_DOCUMENTS = frozenset({
    "application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
    "message/delivery-status", "message/disposition-notification", "text/rfc822-headers",
    "message/feedback-report",
})
_TNEF = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
#: Base64 payloads larger than this are decoded piece by piece into the staged file.
_STREAM_OVER = 4 * 1024 * 1024
_STREAM_CHUNK = 4 * 1024 * 1024  # a multiple of 4 base64 characters
_UU_BEGIN = re.compile(r"^begin(?:-base64)? [0-7]{3,4} (.+)$", re.MULTILINE)


@dataclass
class Attachment:
    name: str
    content_type: str
    #: Writes the attachment's bytes, in chunks, to the callable it is given.
    write_to: Callable[[Callable[[bytes], object]], None]
    #: Where it was found, e.g. "inside winmail.dat" or "uuencoded in the body".
    found_in: str = ""


def filename_of(part: Message) -> str:
    """Return the part's file name as sent (decoded), or ""."""
    try:
        return part.get_filename() or ""
    except Exception:  # noqa: BLE001  (bad RFC 2231 encodings)
        return ""


def attachments_of(parts: Iterable[tuple[Message, int]], *, body: Message | None) -> list[Attachment]:
    """Return the attachments among a message's parts (walked in order, with their depth)."""
    result = []
    for part, _depth in parts:
        if part is body or part.is_multipart() and part.get_content_type() != "message/rfc822":
            continue
        content_type = part.get_content_type()
        if content_type in _NOT_DOCUMENTS:
            continue
        name = filename_of(part)
        if content_type == "message/rfc822":
            result.append(_attached_message(part, name))
        elif content_type in _TNEF or name.lower() == "winmail.dat":
            result.extend(tnef_files(part, name))
        elif name or part.get_content_maintype() != "text" or \
                part.get_content_disposition() == "attachment":
            result.append(Attachment(_name(name, content_type), content_type, _decoder(part)))
    return result


def uudecoded(text: str) -> tuple[str, list[Attachment]]:
    """Return the text without its uuencoded blocks, and the files they hold."""
    files = []
    while (begin := _UU_BEGIN.search(text)) is not None:
        end = text.find("\nend", begin.end())
        stop = len(text) if end < 0 else end + len("\nend")
        data = _uu_bytes(text[begin.end():stop].splitlines())
        name = clean_name(begin.group(1).strip())
        files.append(Attachment(name, "application/octet-stream", _fixed(data),
                                "uuencoded in the body"))
        text = text[:begin.start()] + f"[attachment {name}]" + text[stop:]
    return text, files


def tnef_files(part: Message, name: str) -> list[Attachment]:
    """Return the files inside a winmail.dat part, or the part whole if it cannot be unpacked."""
    data = part.get_payload(decode=True) or b""
    try:
        # Outlook writes wrong checksums often enough; the files inside are still whole.
        tnef = TNEF(data, do_checksum=False)
        files = [Attachment(clean_name(_tnef_name(item)), "application/octet-stream",
                            _fixed(item.data), "inside winmail.dat")
                 for item in tnef.attachments if item.data]
    except Exception:  # noqa: BLE001  (tnefparse raises many kinds of errors on damaged files)
        files = []
    return files or [Attachment(clean_name(name or "winmail.dat"), "application/ms-tnef",
                                _fixed(data))]


def _tnef_name(item) -> str:
    name = item.long_filename() if hasattr(item, "long_filename") else None
    name = name or item.name or "attachment"
    if isinstance(name, bytes):
        name = name.decode("cp1252", "replace")
    return name.rstrip("\x00")


def _attached_message(part: Message, name: str) -> Attachment:
    inner = part.get_payload()
    inner = inner[0] if isinstance(inner, list) and inner else inner
    subject = ""
    if isinstance(inner, Message):
        try:
            subject = str(inner.get("Subject") or "")
        except Exception:  # noqa: BLE001
            subject = ""
    label = name or (subject.strip() or "attached message") + ".eml"
    return Attachment(clean_name(label), "message/rfc822", _message_bytes(inner))


def _message_bytes(inner) -> Callable:
    def write(sink):
        if isinstance(inner, Message):
            sink(inner.as_bytes())
    return write


def _name(name: str, content_type: str) -> str:
    if name:
        return clean_name(name)
    extension = {"application/pdf": ".pdf", "text/plain": ".txt", "text/html": ".html",
                 "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif"}.get(content_type, "")
    return "attachment" + extension


def _fixed(data: bytes) -> Callable:
    def write(sink):
        sink(data)
    return write


def _decoder(part: Message) -> Callable:
    def write(sink):
        payload = part.get_payload()
        encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if encoding == "base64" and isinstance(payload, str) and len(payload) > _STREAM_OVER:
            _base64_in_chunks(payload, sink)
        else:
            sink(part.get_payload(decode=True) or b"")
    return write


def _base64_in_chunks(payload: str, sink) -> None:
    # A 200 MB attachment decoded at once would sit in memory twice more, as str and bytes.
    pending = ""
    for start in range(0, len(payload), _STREAM_CHUNK):
        pending += "".join(payload[start:start + _STREAM_CHUNK].split())
        cut = len(pending) - len(pending) % 4
        sink(_a2b(pending[:cut]))
        pending = pending[cut:]
    if pending.rstrip("="):
        sink(_a2b(pending + "=" * (-len(pending) % 4)))


def _a2b(text: str) -> bytes:
    try:
        return binascii.a2b_base64(text)
    except binascii.Error:
        return b""


def _uu_bytes(lines: list[str]) -> bytes:
    data = bytearray()
    for line in lines:
        if not line.strip() or line.strip() in ("end", "`"):
            continue
        try:
            data += binascii.a2b_uu(line)
        except (binascii.Error, ValueError):
            # Encoders pad lines differently; read as many bytes as the length byte says.
            length = ((ord(line[0]) - 32) & 63) * 4 + 5
            try:
                data += binascii.a2b_uu(line[:length // 3])
            except (binascii.Error, ValueError, IndexError):
                continue
    return bytes(data)
