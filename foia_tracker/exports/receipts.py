"""The receipt record of each request whose documents a bundle carries: its mail as received.

One JSON file per request, receipts/<REFERENCE>.json: every message filed on the request (or
set aside for it, as auto-replies and bounces are) with its header fields as received, the
SHA-256 of its raw bytes and the exhibit that holds them, and its authentication verdict with
the Authentication-Results header the verdict was read from. It shows that a document came from
the agency by e-mail, when, and what the sender's domain vouched for.

A campaign's bundle carries only what was shared, item by item: its records list only the
messages that brought one of the bundled documents. A frozen letter's lists only what was known
when it was frozen, so that its bundle stays byte for byte the same.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from email import policy
from email.parser import BytesHeaderParser

from sqlalchemy import select

from ..agencies.models import Agency
from ..documents.extract import clean_text
from ..documents.models import Document
from ..extensions import db
from ..mail_intake.models import IntakeMessage, MailFiling, MailNature
from ..mail_intake.parse import header, headers
from ..mailboxes.authres import parse_authentication_results
from ..mailboxes.models import MessageAuthentication
from ..records.models import RecordsRequest
from ..storage import document_store

RECEIPTS_FOLDER = "receipts"
#: The header block is read from the head of the raw message; a longer one is cut here.
MAX_HEADER_BYTES = 256 * 1024
_IN_CHUNK = 500


class MissingRawMessage(Exception):
    """The stored raw message a receipt record describes is missing."""


def receipt_files(document_ids: Iterable[int], exhibits: set[str], *, shared_only: bool,
                  as_of: datetime | None) -> Iterator[tuple[str, bytes]]:
    """Yield (path in the bundle, JSON bytes) of each bundled request's receipt record."""
    for request in _requests_of(list(document_ids)):
        filings = _filings(request.id, as_of)
        if shared_only:
            filings = [(f, m) for f, m in filings if exhibits.intersection(f.exhibits or [])]
        if filings:
            record = _record(request, filings, exhibits if shared_only else None, as_of)
            text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
            yield f"{RECEIPTS_FOLDER}/{request.reference}.json", text.encode()


def _requests_of(document_ids: list[int]) -> list[RecordsRequest]:
    request_ids: set[int] = set()
    for start in range(0, len(document_ids), _IN_CHUNK):
        request_ids.update(db.session.scalars(select(Document.request_id).where(
            Document.id.in_(document_ids[start:start + _IN_CHUNK]))))
    requests = [db.session.get(RecordsRequest, request_id) for request_id in request_ids]
    return sorted(requests, key=lambda request: request.reference)


def _filings(request_id: int, as_of: datetime | None) -> list[tuple[MailFiling, IntakeMessage]]:
    query = (select(MailFiling, IntakeMessage)
             .join(IntakeMessage, IntakeMessage.id == MailFiling.intake_message_id)
             .where(MailFiling.request_id == request_id)
             .order_by(IntakeMessage.received_at, IntakeMessage.id))
    if as_of is not None:
        query = query.where(MailFiling.created_at <= as_of)
    return [tuple(row) for row in db.session.execute(query)]


def _record(request: RecordsRequest, filings, shown_exhibits: set[str] | None,
            as_of: datetime | None) -> dict:
    agency = db.session.get(Agency, request.agency_id) if request.agency_id else None
    return {"request": request.reference, "agency": agency.name if agency else None,
            "messages": [_message(filing, message, shown_exhibits, as_of)
                         for filing, message in filings]}


def _message(filing: MailFiling, message: IntakeMessage, shown_exhibits: set[str] | None,
             as_of: datetime | None) -> dict:
    head = _header_block(message.raw_sha256)
    raw_exhibit, attachments = _exhibits(message, filing, shown_exhibits)
    verdict = _verdict(message, as_of)
    return {
        "message_id": message.message_id,
        "from": header(head, "From"),
        "to": headers(head, "To"),
        "cc": headers(head, "Cc"),
        "date": header(head, "Date"),
        "subject": header(head, "Subject"),
        "received_at": _instant(message.received_at),
        "received_via": message.via,
        "nature": MailNature[message.nature].value,
        "raw_message_sha256": message.raw_sha256,
        "raw_message_bytes": message.raw_size,
        "raw_message_exhibit": raw_exhibit,
        "attachment_exhibits": attachments,
        "authentication": verdict,
        "authentication_results": _results_read(head, verdict),
        "headers": [[name, _raw_value(value)] for name, value in head.raw_items()],
    }


def _header_block(raw_sha256: str):
    try:
        with document_store().open(raw_sha256) as stored:
            start = stored.read(MAX_HEADER_BYTES)
    except FileNotFoundError:
        raise MissingRawMessage(f"The stored raw message {raw_sha256} is missing; run "
                                "`flask --app foia_tracker verify-documents`.") from None
    return BytesHeaderParser(policy=policy.default).parsebytes(start)


def _exhibits(message: IntakeMessage, filing: MailFiling,
              shown_exhibits: set[str] | None) -> tuple[str | None, list[str]]:
    numbers = [n for n in filing.exhibits or [] if shown_exhibits is None or n in shown_exhibits]
    if not numbers:
        return None, []
    raw = db.session.scalars(select(Document.exhibit_number).where(
        Document.organisation_id == message.organisation_id,
        Document.exhibit_number.in_(numbers), Document.sha256 == message.raw_sha256)).all()
    raw_exhibit = raw[0] if raw else None
    return raw_exhibit, [n for n in numbers if n != raw_exhibit]


def _verdict(message: IntakeMessage, as_of: datetime | None) -> dict | None:
    query = select(MessageAuthentication).where(
        MessageAuthentication.organisation_id == message.organisation_id,
        MessageAuthentication.raw_sha256 == message.raw_sha256)
    if as_of is not None:
        query = query.where(MessageAuthentication.checked_at <= as_of)
    found = db.session.scalar(query)
    if found is None:
        return None
    return {"dkim": found.dkim, "dkim_domain": found.dkim_domain, "spf": found.spf,
            "dmarc": found.dmarc, "authserv_id": found.authserv_id,
            "explanation": found.explanation, "checked_at": _instant(found.checked_at)}


def _results_read(head, verdict: dict | None) -> list[str]:
    # The header written by the receiving server the verdict trusted, not one a sender forged.
    if verdict is None or not verdict["authserv_id"]:
        return []
    return [value for value in headers(head, "Authentication-Results")
            if (parsed := parse_authentication_results(value)) is not None
            and parsed.authserv_id == verdict["authserv_id"]]


def _raw_value(value) -> str:
    # As received, folding kept; bytes that are not UTF-8 shown as U+FFFD, never dropped.
    text = str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return clean_text(text)


def _instant(value: datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value is not None else None
