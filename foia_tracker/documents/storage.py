"""Where document bytes are kept: one small interface, a folder or an object store behind it.

Every store is content-addressed: an object is named by the SHA-256 of its bytes, never by a
name a user chose, and never overwritten. Bytes are staged on the local disk while they are
hashed (see `staging`), then kept by the store, before any row points at them.
"""

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from .staging import (CHUNK_BYTES, FileTooLarge, StagedFile, clean_staging, format_size,
                      sha256_of_file)

__all__ = ["CHUNK_BYTES", "DocumentStore", "FileTooLarge", "ObjectMissing", "StagedFile",
           "StoreError", "StoreUnavailable", "document_store", "format_size", "sha256_of_file"]


class StoreError(Exception):
    """The document store failed; the message says how, for the person who saw it."""

    status = 503


class StoreUnavailable(StoreError):
    """The store cannot be reached or refuses us (endpoint down, access denied, no bucket)."""


class ObjectMissing(StoreError, FileNotFoundError):
    """A document's bytes are not in the store, although its row says they were kept."""

    status = 410


class DocumentStore:
    """What the app asks of a store; `FolderStore` and `S3Store` answer it."""

    #: Local folder for staged uploads and exports (swept by clean_staging).
    staging_dir: Path

    def stage(self, max_bytes: int | None = None, label: str | None = None) -> StagedFile:
        return StagedFile(self.staging_dir, max_bytes, label)

    def clean_staging(self, older_than_seconds: float) -> int:
        """Remove staged files left by crashed uploads and exports; return how many."""
        return clean_staging(self.staging_dir, older_than_seconds)

    def keep(self, staged: StagedFile) -> str:
        """Store a fully written staged file durably and return its SHA-256."""
        raise NotImplementedError

    def exists(self, sha256: str) -> bool:
        raise NotImplementedError

    def open(self, sha256: str) -> BinaryIO:
        """Return a stream of the stored bytes, read in chunks; raise ObjectMissing."""
        raise NotImplementedError

    def local_copy(self, sha256: str) -> AbstractContextManager[Path]:
        """Yield a path on the local disk holding the bytes, for readers that must seek."""
        raise NotImplementedError

    def hashes(self) -> Iterator[str]:
        """Yield the SHA-256 of every stored object."""
        raise NotImplementedError

    def put_file(self, sha256: str, path: Path) -> None:
        """Store the file at path under its SHA-256 (a restore), replacing a damaged copy."""
        raise NotImplementedError

    def size(self, sha256: str) -> int:
        raise NotImplementedError


def check_sha256(sha256: str) -> str:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


def document_store() -> DocumentStore:
    """Return the store configured for the current app (one per app and settings)."""
    config = current_app.config
    settings = tuple(config.get(key) for key in (
        "DOCUMENTS_URL", "DOCUMENTS_PATH", "DOCUMENTS_STAGING_PATH", "S3_ENDPOINT_URL",
        "S3_REGION"))
    stores = current_app.extensions.setdefault("foia_document_stores", {})
    if settings not in stores:
        # An object-store client is costly to build: each worker makes one and reuses it.
        stores[settings] = store_from_config(config)
    return stores[settings]


def store_from_config(config) -> DocumentStore:
    """Build the store the settings name: DOCUMENTS_URL s3://..., else the DOCUMENTS_PATH folder."""
    url = config.get("DOCUMENTS_URL")
    if not url:
        from .local_store import FolderStore

        return FolderStore(config["DOCUMENTS_PATH"])
    bucket, prefix = parse_s3_url(url)
    from .s3_store import S3Store

    return S3Store(bucket=bucket, prefix=prefix, staging_dir=Path(config["DOCUMENTS_STAGING_PATH"]),
                   endpoint_url=config.get("S3_ENDPOINT_URL"), region=config.get("S3_REGION"))


def parse_s3_url(url: str) -> tuple[str, str]:
    """Return (bucket, prefix) of s3://BUCKET/PREFIX; raise ValueError for anything else."""
    scheme, _, rest = url.partition("://")
    bucket, _, prefix = rest.partition("/")
    if scheme != "s3" or not bucket:
        raise ValueError(f"FOIA_DOCUMENTS_URL must look like s3://BUCKET/PREFIX, not {url!r}.")
    return bucket, prefix.strip("/")
