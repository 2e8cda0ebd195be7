"""Back up and restore an instance: a consistent database dump plus the documents folder.

A backup is a folder: `database.sqlite` (SQLite's online backup) or `database.pgdump`
(pg_dump's custom format), `documents/` (the content-addressed files, each named by its own
SHA-256, so a restore can prove every byte came back), and `backup.json` describing both.
"""

import json
import shutil
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from ..db_types import utcnow
from ..documents.local_store import FolderStore as DocumentStore
from ..documents.staging import sha256_of_file

MANIFEST = "backup.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


@dataclass
class Summary:
    database: str
    documents: int
    document_bytes: int
    damaged: list[str]


def backup(database_uri: str, documents_path: str, destination: Path) -> Summary:
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
              "--file", str(destination / "database.pgdump"), _libpq_url(database_uri)])
    count, size = _copy_documents(DocumentStore(documents_path), destination / "documents")
    summary = Summary(database=kind, documents=count, document_bytes=size, damaged=[])
    (destination / MANIFEST).write_text(json.dumps(
        {"created_at": utcnow().isoformat(), **asdict(summary)}, indent=2) + "\n")
    return summary


def restore(database_uri: str, documents_path: str, source: Path) -> Summary:
    """Replace the database with the backup's and put back every document file.

    The caller must have closed its own database connections first.
    """
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} has no {MANIFEST}; it is not a foia-tracker backup.")
    manifest = json.loads(manifest_path.read_text())
    kind = _database_kind(database_uri)
    if manifest["database"] != kind:
        raise BackupError(f"The backup holds a {manifest['database']} database; "
                          f"this instance uses {kind}.")
    if kind == "sqlite":
        target = Path(make_url(database_uri).database)
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source / "database.sqlite", target)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--dbname", _libpq_url(database_uri),
              str(source / "database.pgdump")])
    store = DocumentStore(documents_path)
    count, size = _copy_documents(DocumentStore(source / "documents"), store.root)
    damaged = [path.name for path in _stored_files(store) if sha256_of_file(path) != path.name]
    return Summary(database=kind, documents=count, document_bytes=size, damaged=damaged)


def _database_kind(uri: str) -> str:
    backend = make_url(uri).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {backend}.")
    return backend


def _libpq_url(uri: str) -> str:
    # pg_dump speaks libpq, which knows nothing of SQLAlchemy's "+psycopg" driver suffix.
    return make_url(uri).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    # SQLite's backup API copies a consistent snapshot even while the app is writing.
    with sqlite3.connect(source) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def _stored_files(store: DocumentStore):
    if not store.root.is_dir():
        return
    for path in sorted(store.root.glob("??/??/*")):
        if path.is_file() and len(path.name) == 64:
            yield path


def _copy_documents(source: DocumentStore, target_root: Path) -> tuple[int, int]:
    count = size = 0
    target = DocumentStore(target_root)
    for path in _stored_files(source):
        destination = target.path_for(path.name)
        if not (destination.is_file() and destination.stat().st_size == path.stat().st_size):
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.unlink(missing_ok=True)
            shutil.copyfile(path, destination)
            destination.chmod(0o440)
        count += 1
        size += path.stat().st_size
    return count, size


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed; install the PostgreSQL client.") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error
