"""Back up and restore an instance: a consistent database dump plus every stored document.

A backup is a folder: `database.sqlite` (SQLite's online backup) or `database.pgdump`
(pg_dump's custom format), `documents/` (the content-addressed files, each named by its own
SHA-256, so a restore can prove every byte came back), and `backup.json` describing both,
with the schema revision the database was at and the release that made it. The documents
are copied out of, and back into, whichever store the instance uses (a folder or object
storage), streamed a chunk at a time, each hash checked as it is copied.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from ..db_types import utcnow
from ..storage import DocumentStore, ObjectMissing, StoreError
from ..storage.folder import FolderStore
from ..storage.staging import CHUNK_BYTES
from .schema import app_version, database_revision, head_revision, is_known_revision

MANIFEST = "backup.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass
class Summary:
    database: str
    documents: int
    document_bytes: int
    damaged: list[str]
    #: The alembic revision of the database (None: not made by migrations).
    schema_revision: str | None = None
    app_version: str = "unknown"


def backup(database_uri: str, store: DocumentStore, destination: Path) -> Summary:
    """Write a backup of the database and the documents into a new folder."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; a backup never overwrites another.")
    destination.mkdir(parents=True, exist_ok=True)
    kind = _database_kind(database_uri)
    # The database first: documents are only ever added, so every file the dump mentions is
    # already on disk when the folder is copied after it.
    if kind == "sqlite":
        _sqlite_copy(Path(make_url(database_uri).database), destination / "database.sqlite")
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(destination / "database.pgdump"), _libpq_url(database_uri)],
             database_uri)
    count, size = _back_up_documents(store, FolderStore(destination / "documents"))
    summary = Summary(database=kind, documents=count, document_bytes=size, damaged=[],
                      schema_revision=database_revision(database_uri),
                      app_version=app_version())
    (destination / MANIFEST).write_text(json.dumps(
        {"created_at": utcnow().isoformat(), **asdict(summary)}, indent=2) + "\n")
    return summary


def restore(database_uri: str, store: DocumentStore, source: Path,
            upgrade: Callable[[], None]) -> Summary:
    """Replace the database with the backup's, upgrade its schema, put back every document file.

    The caller must have closed its own database connections first; `upgrade` runs this
    release's migrations on the restored database.
    """
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no {MANIFEST}; it is not a foia-tracker backup.")
    manifest = json.loads(manifest_path.read_text())
    kind = _database_kind(database_uri)
    if manifest["database"] != kind:
        raise BackupError(f"The backup holds a {manifest['database']} database; "
                          f"this instance uses {kind}.")
    _check_revision(manifest)
    if kind == "sqlite":
        target = Path(make_url(database_uri).database)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source / "database.sqlite", target)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--dbname", _libpq_url(database_uri),
              str(source / "database.pgdump")], database_uri)
    revision = database_revision(database_uri)
    if revision is not None:
        upgrade()
    count, size = _restore_documents(FolderStore(source / "documents"), store)
    damaged = _damaged(store)
    return Summary(database=kind, documents=count, document_bytes=size, damaged=damaged,
                   schema_revision=revision, app_version=manifest.get("app_version", "unknown"))


def _check_revision(manifest: dict) -> None:
    # Checked before anything is replaced: this release cannot read a schema it has never seen,
    # and its migrations cannot take a database back down from it.
    revision = manifest.get("schema_revision")
    if revision and not is_known_revision(revision):
        raise BackupError(
            f"The backup was made by a newer release ({manifest.get('app_version', 'unknown')}, "
            f"schema revision {revision}); this release knows revisions up to "
            f"{head_revision()}. Upgrade foia-tracker before restoring it; nothing was changed.")


def _database_kind(uri: str) -> str:
    backend = make_url(uri).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {backend}.")
    return backend


def _libpq_url(uri: str) -> str:
    # pg_dump speaks libpq, which knows nothing of SQLAlchemy's "+psycopg" driver suffix. The
    # password stays out: a command line is readable by every user of the machine (`ps`).
    url = make_url(uri)
    return URL.create("postgresql", username=url.username, host=url.host, port=url.port,
                      database=url.database, query=url.query).render_as_string()


def _libpq_environment(uri: str) -> dict[str, str]:
    password = make_url(uri).password
    return {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    # SQLite's backup API copies a consistent snapshot even while the app is writing.
    with sqlite3.connect(source) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def _back_up_documents(store: DocumentStore, target: FolderStore) -> tuple[int, int]:
    count = size = 0
    with _store_errors():
        for sha256 in store.hashes():
            destination = target.path_for(sha256)
            destination.parent.mkdir(parents=True, exist_ok=True)
            size += _copy_checked(store, sha256, destination)
            destination.chmod(0o440)
            count += 1
    return count, size


def _copy_checked(store: DocumentStore, sha256: str, destination: Path) -> int:
    # A backup of a damaged file would carry the damage on silently, until the day it is needed.
    digest, copied = hashlib.sha256(), 0
    with store.open(sha256) as source, open(destination, "wb") as out:
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
            out.write(chunk)
            copied += len(chunk)
    if digest.hexdigest() != sha256:
        destination.unlink()
        raise BackupError(f"Stored file {sha256} does not match its hash: the store holds a "
                          "damaged copy. The backup stopped; restore that file from an earlier "
                          "backup (run verify-documents to list every damaged file).")
    return copied


def _restore_documents(source: FolderStore, store: DocumentStore) -> tuple[int, int]:
    count = size = 0
    with _store_errors():
        for sha256 in source.hashes():
            path = source.path_for(sha256)
            if _size_or_none(store, sha256) != path.stat().st_size:
                store.put_file(sha256, path)
            count += 1
            size += path.stat().st_size
    return count, size


def _damaged(store: DocumentStore) -> list[str]:
    with _store_errors():
        return [sha256 for sha256 in store.hashes() if _rehash(store, sha256) != sha256]


def _size_or_none(store: DocumentStore, sha256: str) -> int | None:
    try:
        return store.size(sha256)
    except ObjectMissing:
        return None


def _rehash(store: DocumentStore, sha256: str) -> str | None:
    digest = hashlib.sha256()
    try:
        source = store.open(sha256)
    except ObjectMissing:
        return None
    with source:
        while chunk := source.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def _store_errors():
    """Stop the backup or restore with the store's own message when it cannot be reached."""
    try:
        yield
    except StoreError as error:
        raise BackupError(str(error)) from error


def _run(command: list[str], database_uri: str) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True,
                       env=_libpq_environment(database_uri))
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client.") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error
