"""Staged files: bytes on the local disk, hashed as they are written, until a store keeps them.

Uploads and exports are written here first, so a reader never sees half a file. A crash leaves
a staged file behind: `clean_staging()` (the daily job and `flask clean-staging`) removes it.
"""

import hashlib
import os
import tempfile
import time
from pathlib import Path

from werkzeug.exceptions import RequestEntityTooLarge

CHUNK_BYTES = 1024 * 1024
#: How long a staged file may sit before the sweep takes it for a crash's leftover.
STAGING_MAX_AGE_HOURS = 24


class FileTooLarge(RequestEntityTooLarge):
    """A file went over the per-file limit while it was being written."""


class StagedFile:
    """A file being written to the staging folder, hashed and counted as it goes."""

    def __init__(self, staging_dir: Path, max_bytes: int | None, label: str | None = None):
        staging_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=staging_dir, prefix="upload-")
        self._file = os.fdopen(fd, "wb")
        self.path = Path(name)
        self._hash = hashlib.sha256()
        self.size = 0
        self.max_bytes = max_bytes
        #: Names the file in the over-limit message, e.g. its cleaned upload name.
        self.label = label or "A file"
        #: Set once the bytes have moved into the store; a kept file is never discarded.
        self.is_kept = False

    @property
    def closed(self) -> bool:
        return self._file.closed

    def write(self, data: bytes) -> int:
        if self.closed:
            raise ValueError("write to a closed staged file")
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.discard()
            raise FileTooLarge(
                f"{self.label} is larger than the limit of {format_size(self.max_bytes)} "
                "per file; nothing of this upload was saved.")
        # Hash exactly the bytes written, in the same step: the evidence is what was stored.
        self._hash.update(data)
        self._file.write(data)
        return len(data)

    # Werkzeug's form parser seeks back to the start when a part ends; the staged bytes are
    # read through the path, never through this object, so there is nothing to move.
    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def tell(self) -> int:
        return self.size

    def read(self, size: int = -1) -> bytes:
        raise OSError("a staged upload is write-only; open the stored file instead")

    def close(self) -> None:
        """Finish writing; raise if the last bytes could not be written."""
        self._file.close()

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def discard(self) -> None:
        try:
            self._file.close()
        except OSError:
            pass  # the write that failed is reported by whoever wrote; the file goes anyway
        if not self.is_kept:
            self.path.unlink(missing_ok=True)


def clean_staging(staging_dir: Path, older_than_seconds: float) -> int:
    """Remove staged files older than the threshold; return how many.

    Only old ones: another worker may be writing a young one right now.
    """
    if not staging_dir.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in staging_dir.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # kept or discarded by its own request meanwhile
    return removed


def fsync_file(path: Path) -> None:
    """Have the file's bytes reach the disk, through any descriptor of it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Have the folder's entries (a rename, a new file or folder) reach the disk."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs_durably(path: Path) -> None:
    """Create the folder and any missing parents, each one's entry synced to the disk."""
    missing = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        fsync_dir(folder.parent)


def sha256_of_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def format_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    raise AssertionError("unreachable")
