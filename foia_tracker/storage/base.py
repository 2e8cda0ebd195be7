"""The interface every document store answers, and its errors (storage picks the store)."""

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import BinaryIO

from .staging import StagedFile, clean_staging


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
