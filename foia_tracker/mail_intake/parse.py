"""Read a received message with the standard `email` package, within bounds, never raising.

Pure: no database, no store. Whatever cannot be read is reported in `problem`; the caller
keeps the raw message whole either way.
"""

import email.utils
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesFeedParser, BytesHeaderParser

from ..documents.extract import clean_text, html_text
from . import attachments as found
from .quoting import FORWARD_SUBJECT, Original, fold_quoted, forwarded_original

#: Deeper nesting than this is not read (a hostile message nests thousands of parts).
MAX_DEPTH = 25
#: The most parts of one message that are read.
MAX_PARTS = 1000
_FEED_BYTES = 64 * 1024
#: Header fields that name where the message was delivered (its envelope recipient).
#: Charsets that senders write when they mean Windows-1252 (its dashes and quotes).
_WESTERN = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "windows-1252", "cp1252"})
_RECIPIENT_FIELDS = ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To")


class TooComplex(Exception):
    """The message nests parts deeper, or has more of them, than is read."""


@dataclass
class ParsedMail:
    message_id: str | None = None
    thread_ids: list[str] = field(default_factory=list)
    from_address: str = ""
    from_name: str = ""
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    sent_at: datetime | None = None
    #: The new text of the message, quoted history folded away.
    text: str = ""
    #: The whole readable text, quoted history included (tracking numbers hide there too).
    full_text: str = ""
    attachments: list[found.Attachment] = field(default_factory=list)
    #: The parsed message, for recognising auto-replies and bounces; None if unreadable.
    message: EmailMessage | None = None
    #: Set when the message was forwarded to us: who forwarded it.
    forwarded_by: str = ""
    #: Why the message (or part of it) could not be read, in words.
    problem: str = ""
    #: Set when only the headers were read (the message is too large): what that means, in words.
    kept_whole: str = ""


def read_message(raw: bytes | Iterable[bytes]) -> ParsedMail:
    """Return what can be read of the message (its bytes, or its chunks in order); never raise."""
    mail = ParsedMail()
    try:
        message = _parsed(raw)
    except Exception as error:  # noqa: BLE001  (hostile input: anything the parser raises)
        mail.problem = f"the message could not be parsed ({type(error).__name__})"
        return mail
    mail.message = message
    _read_headers(mail, message)
    try:
        _read_content(mail, message)
    except TooComplex as error:
        mail.problem = str(error)
        mail.attachments = []
    except (RecursionError, Exception) as error:  # noqa: BLE001  (never lose the message)
        mail.problem = f"its parts could not be read ({type(error).__name__})"
        mail.attachments = []
    return mail


def read_headers_only(head: bytes, *, kept_whole: str) -> ParsedMail:
    """Return what the header fields at the start of a message say; never raise.

    For a message too large to read: who sent it, to whom and about what still file it, and
    auto-replies and bounces are still recognised by their headers. `kept_whole` says why the
    rest was not read; it stands in for the text.
    """
    mail = ParsedMail(kept_whole=kept_whole, text=kept_whole)
    try:
        message = BytesHeaderParser(policy=policy.default).parsebytes(head)
    except Exception:  # noqa: BLE001  (hostile input)
        mail.problem = "its headers could not be parsed"
        return mail
    mail.message = message
    _read_headers(mail, message)
    return mail


def _parsed(raw: bytes | Iterable[bytes]) -> EmailMessage:
    # Fed in pieces: given the whole message at once, the parser first decodes all of it to
    # one string and splits that into lines, holding the message three times over.
    parser = BytesFeedParser(policy=policy.default)
    for piece in _pieces(raw) if isinstance(raw, bytes) else raw:
        parser.feed(piece)
    return parser.close()


def _pieces(raw: bytes):
    view = memoryview(raw)
    for start in range(0, len(raw), _FEED_BYTES):
        yield bytes(view[start:start + _FEED_BYTES])


def header(message: Message, name: str) -> str:
    """Return a header's decoded value ("" if absent), whatever is wrong with it."""
    try:
        value = message.get(name)
        return "" if value is None else clean_text(str(value)).strip()
    except Exception:  # noqa: BLE001  (a malformed header must not lose the message)
        for key, value in message.raw_items():
            if key.lower() == name.lower():
                return clean_text(str(value)).strip()
        return ""


def headers(message: Message, name: str) -> list[str]:
    """Return every value of a header, decoded, whatever is wrong with them."""
    try:
        return [clean_text(str(value)).strip() for value in message.get_all(name, [])]
    except Exception:  # noqa: BLE001
        return [clean_text(str(v)).strip() for k, v in message.raw_items()
                if k.lower() == name.lower()]


def addresses(values: list[str]) -> list[tuple[str, str]]:
    """Return (name, address) pairs of header values, malformed ones recovered where possible."""
    pairs = []
    for name, address in email.utils.getaddresses(values):
        address = address.strip().strip("<>").strip()
        if "@" in address:
            pairs.append((name.strip(), address.lower()))
    return pairs


def message_ids(value: str) -> list[str]:
    """Return the Message-IDs written in a header value, each as <...>."""
    ids = []
    for token in value.replace(",", " ").split():
        token = token.strip()
        if "@" in token:
            ids.append(normal_message_id(token))
    return [i for i in ids if i]


def normal_message_id(value: str) -> str | None:
    """Return a Message-ID as <local@domain>, or None if it is not one."""
    value = value.strip().strip("<>").strip()
    if not value or "@" not in value or len(value) > 250 or any(c.isspace() for c in value):
        return None
    return f"<{value}>"


def sent_at_of(value: str) -> datetime | None:
    """Return the instant a Date header names (as written), or None if it names none."""
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or not 1990 <= when.year <= 2100:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _read_headers(mail: ParsedMail, message: Message) -> None:
    mail.message_id = normal_message_id(header(message, "Message-ID"))
    thread = message_ids(header(message, "In-Reply-To")) + message_ids(header(message, "References"))
    mail.thread_ids = list(dict.fromkeys(thread))
    sender = addresses(headers(message, "From"))
    if sender:
        mail.from_name, mail.from_address = sender[0]
    else:
        mail.from_name = header(message, "From")[:200]
    recipients = addresses([v for name in _RECIPIENT_FIELDS for v in headers(message, name)])
    mail.recipients = list(dict.fromkeys(address for _, address in recipients))
    mail.subject = " ".join(header(message, "Subject").split())[:300]
    mail.sent_at = sent_at_of(header(message, "Date"))


def _read_content(mail: ParsedMail, message: EmailMessage) -> None:
    parts = list(_walk(message, 0, [0]))
    body_part = _body_part(message)
    text = part_text(body_part) if body_part is not None else ""
    if body_part is not None and body_part.get_content_subtype() == "html":
        text = html_text(text)
    text, uuencoded = found.uudecoded(text)
    mail.attachments = [*found.attachments_of(parts, body=body_part), *uuencoded]
    mail.full_text = clean_text(text).strip()
    original = forwarded_original(mail.subject, mail.full_text) or \
        _attached_original(mail.subject, message)
    mail.text = fold_quoted(mail.full_text)
    if original is not None:
        _use_original(mail, original)
        mail.text = fold_quoted(original.body) if original.body else mail.text


def _attached_original(subject: str, message: EmailMessage) -> Original | None:
    """Return the original of a message forwarded as an attachment (Outlook's way)."""
    if not FORWARD_SUBJECT.match(subject) or not message.is_multipart():
        return None
    attached = [part for part in message.get_payload()
                if isinstance(part, Message) and part.get_content_type() == "message/rfc822"]
    inner = attached[0].get_payload() if len(attached) == 1 else None
    inner = inner[0] if isinstance(inner, list) and inner else None
    if not isinstance(inner, EmailMessage):
        return None
    sender = addresses(headers(inner, "From"))
    body = _body_part(inner)
    text = part_text(body) if body is not None else ""
    if body is not None and body.get_content_subtype() == "html":
        text = html_text(text)
    return Original(from_name=sender[0][0] if sender else header(inner, "From")[:200],
                    from_address=sender[0][1] if sender else "", date=header(inner, "Date"),
                    subject=header(inner, "Subject"), body=clean_text(text).strip())


def _use_original(mail: ParsedMail, original) -> None:
    # Staff forward an agency's mail: the agency's sender and date are what the timeline needs.
    mail.forwarded_by = mail.from_address or mail.from_name
    if original.from_address:
        mail.from_name, mail.from_address = original.from_name, original.from_address
    mail.sent_at = sent_at_of(original.date) or mail.sent_at
    if original.subject:
        mail.subject = original.subject[:300]


def _walk(part: Message, depth: int, count: list[int]):
    if depth > MAX_DEPTH:
        raise TooComplex(f"its parts nest more than {MAX_DEPTH} deep")
    count[0] += 1
    if count[0] > MAX_PARTS:
        raise TooComplex(f"it has more than {MAX_PARTS} parts")
    yield part, depth
    if part.is_multipart():
        for child in part.get_payload():
            if isinstance(child, Message):
                yield from _walk(child, depth + 1, count)


def _body_part(message: EmailMessage) -> Message | None:
    if message.get_content_maintype() == "text" and not _is_attachment(message):
        return message
    try:
        return message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001
        return None


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment" or bool(found.filename_of(part))


def part_text(part: Message) -> str:
    """Return a text part's content, decoded by its charset, else as Windows-1252."""
    content = None
    if (part.get_content_charset() or "") not in _WESTERN:
        try:
            content = part.get_content()
        except Exception:  # noqa: BLE001  (unknown or wrong charset, broken encoding)
            content = None
    if isinstance(content, str):
        return content
    data = part.get_payload(decode=True) or b""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Mail labelled ISO-8859-1 is mostly Windows-1252 in truth (its dashes and quotes).
        return data.decode("cp1252", "replace")
