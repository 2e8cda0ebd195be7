"""Use-cases for documents: store an upload, add a corrected copy, delete with a reason."""

from collections.abc import Collection
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..communications.models import Communication
from ..db_types import utcnow
from ..extensions import db
from ..records.models import RecordsRequest
from ..users.models import User
from ..storage import document_store
from .detect import TEXT_BEARING
from .intake import Incoming
from .models import Document, ExtractionStatus


class DocumentRefused(Exception):
    """The change would break the evidence record; nothing was saved."""

    status = 409


class QuotaExceeded(DocumentRefused):
    """The upload would take the organisation over its storage quota; nothing was saved."""

    status = 413


@dataclass(frozen=True)
class Duplicate:
    #: The name the file was uploaded with this time.
    name: str
    existing: Document
    #: True when the same bytes came twice in this very upload.
    in_this_upload: bool = False


@dataclass
class UploadResult:
    created: list[Document] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


def documents_upload(*, request: RecordsRequest, communication: Communication | None,
                     actor: User, incoming: list[Incoming],
                     previous_version: Document | None = None) -> UploadResult:
    """Store checked files as documents of the request; bytes the organisation has are linked."""
    try:
        for attempt in range(3):
            try:
                result = _add_documents(request, communication, actor, incoming,
                                        previous_version)
            except BaseException:
                # The store failed (or anything else did): no row without its object.
                db.session.rollback()
                raise
            try:
                db.session.commit()
                return result
            except IntegrityError:
                # Another upload to this request took the same document numbers first.
                db.session.rollback()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    finally:
        _discard_unkept(incoming)


def documents_add(*, request: RecordsRequest, communication: Communication | None,
                  actor: User | None, incoming: list[Incoming],
                  filed_alongside: Collection[int] = ()) -> UploadResult:
    """Add checked files as documents of the request, in the caller's unit of work (no commit).

    The caller commits, retries on IntegrityError (another upload took the same numbers) and
    discards the staged files; mail intake files a message and its attachments in one commit.
    `filed_alongside` are the documents this unit of work made of the same files for other
    requests (one message filed on several): not duplicates, each request gets its own
    documents of the one stored copy.
    """
    return _add_documents(request, communication, actor, incoming, None, filed_alongside)


def document_add_version(*, document: Document, actor: User, incoming: Incoming) -> Document:
    """Store a corrected copy of a document as its next version."""
    if document.is_deleted:
        raise DocumentRefused("A deleted document cannot be corrected.")
    newer = corrected_by(document)
    if newer is not None:
        raise DocumentRefused(f"Exhibit {document.exhibit_number} was already corrected by "
                              f"Exhibit {newer.exhibit_number}; upload the correction of that one.")
    existing = existing_by_sha256(document.organisation_id, [incoming.sha256])
    if incoming.sha256 in existing:
        _discard_unkept([incoming])
        raise DocumentRefused(
            f"{incoming.name} has the same bytes as Exhibit "
            f"{existing[incoming.sha256].exhibit_number}; a corrected copy must differ.")
    result = documents_upload(request=document.request, communication=document.communication,
                              actor=actor, incoming=[incoming], previous_version=document)
    return result.created[0]


def document_delete(*, document: Document, actor: User, reason: str) -> None:
    """Hide a document from every list; its bytes and row are kept, the reason audited."""
    if document.is_deleted:
        raise DocumentRefused(f"Exhibit {document.exhibit_number} is already deleted.")
    document.deleted_at = utcnow()
    document.deleted_by = actor
    document.deletion_reason = reason
    document.audit_reason = reason
    db.session.commit()


def corrected_by(document: Document) -> Document | None:
    """Return the document's next version, if one was uploaded."""
    return db.session.scalar(select(Document).where(
        Document.previous_version_id == document.id).order_by(Document.id).limit(1))


def existing_by_sha256(organisation_id: int, hashes: list[str],
                       excluding: Collection[int] = ()) -> dict[str, Document]:
    """Return the organisation's live documents with these bytes, the first stored of each."""
    if not hashes:
        return {}
    query = select(Document).where(
        Document.organisation_id == organisation_id, Document.sha256.in_(set(hashes)),
        Document.deleted_at.is_(None)).order_by(Document.id.desc())
    if excluding:
        query = query.where(Document.id.not_in(list(excluding)))
    rows = db.session.scalars(query)
    return {document.sha256: document for document in rows}


def organisation_bytes_used(organisation_id: int) -> int:
    """Return the bytes the organisation's live documents take, each distinct file counted once."""
    stored = select(Document.sha256, Document.size_bytes).where(
        Document.organisation_id == organisation_id, Document.deleted_at.is_(None)).distinct().subquery()
    return db.session.scalar(select(func.coalesce(func.sum(stored.c.size_bytes), 0))) or 0


def size_in_words(size: int) -> str:
    """Return a size as people say it: 12 MB, 1.02 GB."""
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            break
        size /= 1024
    if unit == "bytes":
        return f"{size:,} bytes"
    digits = 0 if size >= 100 else 1 if size >= 10 else 2
    return f"{size:.{digits}f}".rstrip("0").rstrip(".") + f" {unit}"


def _check_quota(organisation_id: int, incoming: list[Incoming], known: dict) -> None:
    quota = current_app.config.get("ORGANISATION_QUOTA_BYTES")
    if quota is None:
        return
    # Bytes the organisation already has are linked, not stored again: they cost nothing.
    new = {f.sha256: f.size for item in incoming for f in [item, *item.members]
           if f.sha256 not in known}
    adding = sum(new.values())
    after = organisation_bytes_used(organisation_id) + adding
    if adding and after > quota:
        raise QuotaExceeded(
            f"This upload of {size_in_words(adding)} would bring your organisation to "
            f"{size_in_words(after)}, over its quota of {size_in_words(quota)}; "
            "nothing was saved.")


def _add_documents(request, communication, actor, incoming, previous_version,
                   filed_alongside: Collection[int] = ()) -> UploadResult:
    _lock(request)
    numbers = _Numbering(request)
    hashes = [f.sha256 for item in incoming for f in [item, *item.members]]
    known = existing_by_sha256(request.organisation_id, hashes, excluding=filed_alongside)
    # Bytes stored moments ago for another request of the same message cost nothing more.
    stored = existing_by_sha256(request.organisation_id, hashes) if filed_alongside else known
    # Checked under the request's lock and before any byte is kept: a refusal writes nothing.
    _check_quota(request.organisation_id, incoming, stored)
    added: dict[str, Document] = {}
    result = UploadResult()
    for item in incoming:
        document = _add_one(item, request, communication, actor, numbers, known, added, result,
                            archive=None)
        if document is None:
            continue
        if previous_version is not None:
            document.previous_version = previous_version
            document.audit_reason = f"corrected copy of Exhibit {previous_version.exhibit_number}"
        for member in item.members:
            _add_one(member, request, communication, actor, numbers, known, added, result,
                     archive=document)
    return result


def _add_one(item: Incoming, request, communication, actor, numbers: "_Numbering",
             known: dict, added: dict, result: UploadResult, *, archive) -> Document | None:
    if item.sha256 in known:
        result.duplicates.append(Duplicate(item.name, known[item.sha256]))
        return None
    if item.sha256 in added:
        result.duplicates.append(Duplicate(item.name, added[item.sha256], in_this_upload=True))
        return None
    # Bytes first, row second: a row never points at a file that is not there.
    if not item.staged.is_kept:
        document_store().keep(item.staged)
    sequence = numbers.take()
    document = Document(
        organisation_id=request.organisation_id, request_id=request.id,
        communication_id=communication.id if communication else None, sequence=sequence,
        exhibit_number=f"{request.reference}-{sequence:03d}", original_name=item.name,
        sha256=item.sha256, size_bytes=item.size, media_type=item.media_type,
        page_count=item.page_count, archive=archive, archive_path=item.archive_path,
        uploaded_by=actor, extraction_status=(
            ExtractionStatus.pending if item.media_type in TEXT_BEARING
            else ExtractionStatus.skipped))
    db.session.add(document)
    added[item.sha256] = document
    result.created.append(document)
    return document


class _Numbering:
    """Hands out the request's next document numbers."""

    def __init__(self, request: RecordsRequest):
        self.last = db.session.scalar(select(func.max(Document.sequence)).where(
            Document.request_id == request.id)) or 0

    def take(self) -> int:
        self.last += 1
        return self.last


def _lock(request: RecordsRequest) -> None:
    # On PostgreSQL two uploads to one request wait for each other here, so they never
    # number documents alike; SQLite has one writer at a time and the retry covers it.
    db.session.execute(select(RecordsRequest.id).where(RecordsRequest.id == request.id)
                       .with_for_update())


def _discard_unkept(incoming: list[Incoming]) -> None:
    for item in incoming:
        for staged in item.staged_files():
            staged.discard()
