"""Re-hash every stored document (streamed from the store); report those missing or changed."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from ..documents.models import Document
from ..storage import CHUNK_BYTES, DocumentStore
from ..extensions import db
from ..orgs.models import Organisation


@dataclass(frozen=True)
class StoredFileProblem:
    sha256: str
    #: "missing" or "changed".
    problem: str
    #: "OR-2026-0042-003 (ACLU of Oregon)" for each document with these bytes.
    exhibits: list[str]


@dataclass
class VerificationSummary:
    files: int = 0
    missing: int = 0
    changed: int = 0

    @property
    def is_intact(self) -> bool:
        return not (self.missing or self.changed)


def stored_file_problems(store: DocumentStore,
                         summary: VerificationSummary) -> Iterator[StoredFileProblem]:
    """Re-hash each distinct stored file once; yield its problem, if any, as it is found."""
    for sha256 in _distinct_hashes():
        summary.files += 1
        problem = file_problem(store, sha256)
        if problem is not None:
            setattr(summary, problem, getattr(summary, problem) + 1)
            yield StoredFileProblem(sha256, problem, exhibits_of(sha256))


def _distinct_hashes(batch_size: int = 1000) -> Iterator[str]:
    # Keyset batches: a fresh short query each time, so the exhibit look-ups can run between.
    last = ""
    while batch := list(db.session.scalars(
            select(Document.sha256).distinct().where(Document.sha256 > last)
            .order_by(Document.sha256).limit(batch_size))):
        yield from batch
        last = batch[-1]


def file_problem(store: DocumentStore, sha256: str) -> str | None:
    """Return "missing", "changed" or None when the file's bytes still have this SHA-256."""
    try:
        handle = store.open(sha256)
    except FileNotFoundError:
        return "missing"
    digest = hashlib.sha256()
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return None if digest.hexdigest() == sha256 else "changed"


def exhibits_of(sha256: str) -> list[str]:
    """Return the exhibits (with their organisation) whose document has these bytes."""
    rows = db.session.execute(
        select(Document.exhibit_number, Organisation.name)
        .join(Organisation, Document.organisation_id == Organisation.id)
        .where(Document.sha256 == sha256)
        .order_by(Organisation.name, Document.exhibit_number))
    return [f"{exhibit} ({organisation})" for exhibit, organisation in rows]
