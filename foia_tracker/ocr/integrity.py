"""Re-hash every searchable copy against the SHA-256 recorded when it was made."""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from ..documents.models import Document
from ..extensions import db
from ..storage import CHUNK_BYTES, DocumentStore, ObjectMissing
from .copy import copy_file_name


@dataclass(frozen=True)
class CopyProblem:
    #: The copy's recorded SHA-256.
    sha256: str
    #: "missing" or "changed".
    problem: str
    exhibit: str


def searchable_copy_problems(store: DocumentStore, summary) -> Iterator[CopyProblem]:
    """Re-hash each document's searchable copy; count it in `summary`; yield its problem."""
    last = 0
    while rows := db.session.execute(
            select(Document.id, Document.sha256, Document.searchable_sha256,
                   Document.exhibit_number)
            .where(Document.searchable_sha256.is_not(None), Document.id > last)
            .order_by(Document.id).limit(500)).all():
        for row in rows:
            summary.files += 1
            problem = _copy_problem(store, row)
            if problem is not None:
                setattr(summary, problem, getattr(summary, problem) + 1)
                yield CopyProblem(row.searchable_sha256, problem, row.exhibit_number)
        last = rows[-1].id


def _copy_problem(store: DocumentStore, row) -> str | None:
    try:
        handle = store.open_derived(row.sha256, copy_file_name(row.id))
    except ObjectMissing:
        return "missing"
    digest = hashlib.sha256()
    with handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return None if digest.hexdigest() == row.searchable_sha256 else "changed"
