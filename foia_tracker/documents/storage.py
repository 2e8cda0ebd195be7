"""Content-addressed storage of document bytes on disk.

Files live at ROOT/ab/cd/<sha256>: never under a name a user chose, never overwritten.
Bytes are staged in ROOT/tmp while they are hashed, then renamed into place, so a reader
never sees a half-written file and an interrupted upload leaves only a temporary file that
`discard()` (or a restart's `clean_staging()`) removes.
"""

import hashlib
import os
import tempfile
import time
from pathlib import Path

from flask import current_app
from werkzeug.exceptions import RequestEntityTooLarge

from .block_writer import BlockWriter

CHUNK_BYTES = 1024 * 1024


class FileTooLarge(RequestEntityTooLarge):
    """A file went over the per-file limit while it was being written."""


class StagedFile:
    """A file being written to the staging folder, hashed and counted as it goes.

    Large files are hashed and written beside the parsing, past the page cache (see
    `block_writer`); memory stays flat whatever their size.
    """

    def __init__(self, staging_dir: Path, max_bytes: int | None, label: str | None = None):
        staging_dir.mkdir(parents=True, exist_ok=True)
        self._fd, name = tempfile.mkstemp(dir=staging_dir, prefix="upload-")
        self.path = Path(name)
        self._hash = hashlib.sha256()
        self._blocks = BlockWriter(self._fd, self._hash)
        self.closed = False
        self.size = 0
        self.max_bytes = max_bytes
        #: Names the file in the over-limit message, e.g. its cleaned upload name.
        self.label = label or "A file"
        #: Set once the bytes have moved into the store; a kept file is never discarded.
        self.is_kept = False

    def write(self, data: bytes) -> int:
        if self.closed:
            raise ValueError("write to a closed staged file")
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.discard()
            raise FileTooLarge(
                f"{self.label} is larger than the limit of {format_size(self.max_bytes)} "
                "per file; nothing of this upload was saved.")
        self._blocks.append(data)
        return len(data)

    # Werkzeug's form parser seeks back to the start when a part ends: the file is complete.
    def seek(self, offset: int, whence: int = 0) -> int:
        if not self.closed:
            self._blocks.finish()
        return 0

    def tell(self) -> int:
        return self.size

    def read(self, size: int = -1) -> bytes:
        raise OSError("a staged upload is write-only; open the stored file instead")

    def close(self) -> None:
        """Finish writing and hashing; raise if a block could not be written."""
        if self.closed:
            return
        try:
            self._blocks.finish()
        except BaseException:
            self._blocks.abandon()
            raise
        finally:
            self.closed = True
            os.close(self._fd)

    @property
    def sha256(self) -> str:
        self._blocks.finish()
        return self._hash.hexdigest()

    def discard(self) -> None:
        if not self.closed:
            self.closed = True
            self._blocks.abandon()
            os.close(self._fd)
        if not self.is_kept:
            self.path.unlink(missing_ok=True)


class DocumentStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    @property
    def staging_dir(self) -> Path:
        return self.root / "tmp"

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def stage(self, max_bytes: int | None = None, label: str | None = None) -> StagedFile:
        return StagedFile(self.staging_dir, max_bytes, label)

    def keep(self, staged: StagedFile) -> str:
        """Move a fully written staged file into place and return its SHA-256."""
        staged.close()
        target = self.path_for(staged.sha256)
        if target.exists():
            # Same bytes already stored (perhaps by another organisation): keep the one copy.
            staged.discard()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.path, target)
            os.chmod(target, 0o440)
        staged.is_kept = True
        return staged.sha256

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str):
        return open(self.path_for(sha256), "rb")

    def clean_staging(self, older_than_seconds: float = 24 * 3600) -> int:
        """Remove staged files left by interrupted uploads; return how many.

        Only old ones: another worker may be writing a young one right now.
        """
        if not self.staging_dir.is_dir():
            return 0
        cutoff = time.time() - older_than_seconds
        removed = 0
        for path in self.staging_dir.iterdir():
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def sha256_of_file(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def document_store() -> DocumentStore:
    """Return the store configured for the current app."""
    return DocumentStore(current_app.config["DOCUMENTS_PATH"])


def format_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}".replace(".0 ", " ")
        size /= 1024
    raise AssertionError("unreachable")
