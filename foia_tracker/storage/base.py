"""The interface every document store answers, and its errors (storage picks the store)."""

import re
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

    def open_seekable(self, sha256: str) -> BinaryIO:
        """Return a seekable stream of the stored bytes that reads only what is asked for."""
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

    # Derived files: made from an object (page images, a searchable copy), kept apart from the
    # evidence under derived/<sha256>/<name>. They can be rebuilt, so replacing one is allowed;
    # the evidence object itself is never touched by any of these.

    def put_derived(self, sha256: str, name: str, path: Path) -> None:
        """Store the file at path as the derived file `name` of the object, replacing any."""
        raise NotImplementedError

    def open_derived(self, sha256: str, name: str) -> BinaryIO:
        """Return a stream of a derived file's bytes; raise ObjectMissing if there is none."""
        raise NotImplementedError

    def derived_size(self, sha256: str, name: str) -> int:
        """Return a derived file's size in bytes; raise ObjectMissing if there is none."""
        raise NotImplementedError

    def derived_exists(self, sha256: str, name: str) -> bool:
        try:
            self.derived_size(sha256, name)
        except ObjectMissing:
            return False
        return True

    def derived_names(self, sha256: str) -> list[str]:
        """Return the names of the object's derived files, sorted."""
        raise NotImplementedError

    def delete_derived(self, sha256: str, name: str | None = None) -> int:
        """Remove one derived file of the object, or all of them; return how many went."""
        raise NotImplementedError


def check_sha256(sha256: str) -> str:
    if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return sha256


#: A derived file's name: one path segment of plain characters, never "." or "..".
_DERIVED_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def check_derived_name(name: str) -> str:
    if not _DERIVED_NAME.fullmatch(name) or ".." in name:
        raise ValueError(f"not a derived file name: {name!r}")
    return name
