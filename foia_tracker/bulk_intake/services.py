"""Store files from the local disk as documents of a request, each file as one upload.

A browser upload is all or nothing; here each file found is its own upload, so one refused
file (a program, an oversized scan) does not hold back the hundreds beside it. Everything
else is the browser's path: the same staging and hashing, type detection, limits, ZIP
unpacking, dedupe, quota, audit and extraction queue.
"""

import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from flask import current_app

from ..audit.recorder import acting_as
from ..documents.intake import Incoming, UploadLimits, UploadRefused, inspect_upload
from ..documents.models import Document, ExtractionStatus
from ..documents.names import clean_name
from ..documents.services import DocumentRefused, UploadResult, documents_upload
from ..storage import FileTooLarge, StoreError, document_store
from .disk import Found, stage_from_disk, walk
from .target import IntakeTarget

STORED, DUPLICATE, REFUSED = "stored", "duplicate", "refused"


@dataclass(frozen=True)
class Outcome:
    """What became of one file: the line the command prints for it."""

    path: str
    status: str
    exhibit: str | None
    message: str

    @property
    def is_refused(self) -> bool:
        return self.status == REFUSED

    def as_dict(self) -> dict:
        return asdict(self)


def documents_add_from_disk(*, target: IntakeTarget, paths: list[str]) -> Iterator[Outcome]:
    """Store every file under the paths as a document of the request; yield each one's outcome.

    A ZIP archive's outcome is followed by one for each file unpacked from it, its path
    being the archive's path joined with the path inside it.
    """
    limits = UploadLimits.from_config(current_app.config)
    for found in walk(paths):
        if found.problem:
            yield Outcome(found.path, REFUSED, None, f"{found.path} {found.problem}")
        else:
            yield from _add_file(found, target, limits)


def _add_file(found: Found, target: IntakeTarget, limits: UploadLimits) -> list[Outcome]:
    name = clean_name(_readable(found.path))
    store = document_store()
    try:
        staged = stage_from_disk(found.fd, lambda: store.stage(max_bytes=limits.max_file_bytes,
                                                               label=name))
    except FileTooLarge as error:
        return [Outcome(found.path, REFUSED, None, error.description)]
    except OSError as error:
        return [Outcome(found.path, REFUSED, None,
                        f"{found.path} could not be read: {error.strerror or error}.")]
    try:
        incoming = inspect_upload([(name, staged)], limits=limits, stage=store.stage)
        with acting_as(target.actor):
            result = documents_upload(request=target.request, communication=target.communication,
                                      actor=target.actor, incoming=incoming)
    except (UploadRefused, DocumentRefused) as error:
        return [Outcome(found.path, REFUSED, None, str(error))]
    except StoreError as error:
        return [Outcome(found.path, REFUSED, None, f"{error} {name} was not saved.")]
    finally:
        staged.discard()  # a no-op once the store has kept it
    return _outcomes(found.path, incoming[0], result)


def _readable(path: str) -> str:
    # A name in another encoding than the system's (Latin-1 from an old disc) is kept in the
    # path as Python's surrogate escapes, which no database stores; the document gets U+FFFD.
    return os.fsencode(path).decode("utf-8", "replace")


def _outcomes(path: str, item: Incoming, result: UploadResult) -> list[Outcome]:
    stored = {document.sha256: document for document in result.created}
    earlier = {duplicate.existing.sha256: duplicate.existing for duplicate in result.duplicates}
    outcomes = [_outcome(path, item, stored, earlier)]
    # Files of an archive that was itself a duplicate were never looked at one by one.
    if item.staged.is_kept:
        outcomes += [_outcome(os.path.join(path, member.archive_path), member, stored, earlier)
                     for member in item.members]
    return outcomes


def _outcome(path: str, item: Incoming, stored: dict, earlier: dict) -> Outcome:
    # The store keeps the first file with given bytes; any later one links to it.
    if item.staged.is_kept:
        document = stored[item.sha256]
        return Outcome(path, STORED, document.exhibit_number, _stored_message(document))
    existing = stored.get(item.sha256) or earlier[item.sha256]
    if existing in stored.values():
        message = (f"{item.name} is the same file as {existing.original_name}, stored once as "
                   f"Exhibit {existing.exhibit_number}.")
    else:
        message = (f"{item.name} is already stored as Exhibit {existing.exhibit_number} "
                   f"(request {existing.request.reference}).")
    return Outcome(path, DUPLICATE, existing.exhibit_number, message)


def _stored_message(document: Document) -> str:
    message = f"Stored as Exhibit {document.exhibit_number}"
    if document.extraction_status == ExtractionStatus.pending:
        return message + "; its text will be extracted for search."
    return message + "."
