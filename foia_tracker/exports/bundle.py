"""ZIP evidence bundle: the cited documents, a manifest.csv, receipt records and SHA256SUMS.

Unzipped, `sha256sum -c SHA256SUMS` verifies every other file of the bundle. Document bytes
are copied into the archive in chunks (ZIP64 allowed), hashed on the way, and checked against
the SHA-256 recorded at upload: a bundle never carries a silently changed file. Each request whose
documents came by e-mail adds its receipt record (receipts/<REFERENCE>.json, see receipts.py).
"""

import hashlib
import tempfile
import zipfile
from typing import BinaryIO

from werkzeug.utils import secure_filename

from ..storage import CHUNK_BYTES, document_store
from .csv_format import write_table
from .receipts import MissingRawMessage, receipt_files
from .rows import EvidenceRow, columns_for
from .subject import ExportSubject

MANIFEST = "manifest.csv"
SUMS = "SHA256SUMS"
DOCUMENTS_FOLDER = "documents"
MAX_NAME_CHARS = 100
#: Beyond this a temporary file (manifest, sums) moves from memory to disk.
SPOOL_BYTES = 1024 * 1024


class DocumentIntegrityError(Exception):
    """A stored file is missing or its bytes no longer match the SHA-256 recorded at upload."""


def write_bundle(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the ZIP bundle of the subject's documents (each once) with manifest and sums."""
    store = document_store()
    with (zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
          tempfile.SpooledTemporaryFile(SPOOL_BYTES) as manifest,
          tempfile.SpooledTemporaryFile(SPOOL_BYTES, mode="w+", encoding="utf-8") as sums):
        paths: dict[int, str] = {}
        exhibits: set[str] = set()

        def bundled_path(row: EvidenceRow) -> str:
            # Withdrawn (soft-deleted) documents stay listed but are not handed out.
            if row.is_document_deleted:
                return ""
            if row.document_id not in paths:
                path = document_path(row)
                digest = _copy_document(store, row, archive, path)
                sums.write(f"{digest}  {path}\n")
                paths[row.document_id] = path
                exhibits.add(row.exhibit_number)
            return paths[row.document_id]

        write_table(manifest, subject.rows(), columns_for(subject.is_letter, subject.names_organisation),
                    extra=[("File in bundle", bundled_path)])
        manifest.seek(0)
        sums.write(f"{_copy_stream(manifest, archive, MANIFEST)}  {MANIFEST}\n")
        _write_receipts(archive, sums, subject, paths, exhibits)
        sums.seek(0)
        with archive.open(SUMS, "w") as target:
            while chunk := sums.read(CHUNK_BYTES):
                target.write(chunk.encode())


def _write_receipts(archive: zipfile.ZipFile, sums, subject: ExportSubject,
                    paths: dict[int, str], exhibits: set[str]) -> None:
    # A campaign's records are shared item by item: only the messages that brought them.
    try:
        for path, data in receipt_files(paths, exhibits, shared_only=subject.names_organisation,
                                        as_of=subject.frozen_at):
            archive.writestr(path, data)
            sums.write(f"{hashlib.sha256(data).hexdigest()}  {path}\n")
    except MissingRawMessage as error:
        raise DocumentIntegrityError(str(error)) from None


def document_path(row: EvidenceRow) -> str:
    """Return documents/<exhibit number>-<safe original name>."""
    return f"{DOCUMENTS_FOLDER}/{row.exhibit_number}-{safe_name(row.document_name)}"


def safe_name(name: str) -> str:
    """Return a file name without path parts or odd characters, kept short, suffix kept."""
    cleaned = secure_filename(name) or "document"
    if len(cleaned) <= MAX_NAME_CHARS:
        return cleaned
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot or len(suffix) > 10:
        return cleaned[:MAX_NAME_CHARS]
    return stem[:MAX_NAME_CHARS - len(suffix) - 1] + "." + suffix


def _copy_document(store, row: EvidenceRow, archive: zipfile.ZipFile, path: str) -> str:
    try:
        source = store.open(row.sha256)
    except FileNotFoundError:
        raise DocumentIntegrityError(
            f"The stored file of exhibit {row.exhibit_number} is missing.") from None
    with source:
        digest = _copy_stream(source, archive, path)
    if digest != row.sha256:
        raise DocumentIntegrityError(
            f"The stored file of exhibit {row.exhibit_number} no longer matches the SHA-256 "
            "recorded at upload; run `flask --app foia_tracker verify-documents`.")
    return digest


def _copy_stream(source: BinaryIO, archive: zipfile.ZipFile, path: str) -> str:
    """Copy a file into the archive in chunks and return the SHA-256 of what was copied."""
    digest = hashlib.sha256()
    with archive.open(path, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()
