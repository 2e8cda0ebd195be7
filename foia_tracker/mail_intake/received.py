"""A received message as a file on the local disk, and reading it within bounds.

A message comes in from a pipe or a mailbox at any size (a 200 MB video attachment makes a
270 MB message). It is written to the staging folder in chunks while it is hashed, and every
later step (dedupe key, the kept original, the parse, the documents) reads that file in chunks:
the filing process never holds the message in memory, unless it is small enough to be parsed
whole by the `email` package.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from ..storage import CHUNK_BYTES, StagedFile, StoreUnavailable, document_store, format_size
from .parse import ParsedMail, read_headers_only, read_message

#: The most of a message's start read for its header fields when the rest is not read.
HEAD_BYTES = 1024 * 1024


@dataclass
class RawMail:
    """A received message's exact bytes in a local file."""

    path: Path
    size: int
    sha256: str
    #: The spool this process wrote, removed by `discard()`; None for a file it only reads.
    staged: StagedFile | None = None

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """Yield the bytes in order, `size` at a time."""
        with open(self.path, "rb") as source:
            while chunk := source.read(size):
                yield chunk

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """Return the first `size` bytes."""
        with open(self.path, "rb") as source:
            return source.read(size)

    def read(self) -> bytes:
        """Return the whole message (for readers that need it whole: keep it small)."""
        return self.path.read_bytes()

    def discard(self) -> None:
        """Remove the spool file, if this process wrote it."""
        if self.staged is not None:
            self.staged.discard()


def raw_spooled(source: bytes | BinaryIO | Iterable[bytes]) -> RawMail:
    """Write a message (its bytes, a stream read in chunks, or its chunks) to the staging folder.

    Raise StoreUnavailable if the staging folder cannot be written; an error of the source
    (a pipe, a mailbox connection) goes up as it is.
    """
    staged = _written(lambda: document_store().stage(label="The received message"))
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            _written(lambda: staged.write(source))
        elif hasattr(source, "read"):
            while chunk := source.read(CHUNK_BYTES):
                _written(lambda: staged.write(chunk))
        else:
            for chunk in source:
                _written(lambda: staged.write(chunk))
        _written(staged.close)
    except BaseException:
        staged.discard()
        raise
    return RawMail(staged.path, staged.size, staged.sha256, staged)


def _written(write):
    # Told apart from the source's errors: a full or unwritable staging folder is the store's
    # trouble, which the pipe answers with "try again later" and a mailbox with a retry.
    try:
        return write()
    except OSError as error:
        why = error.strerror or type(error).__name__
        raise StoreUnavailable(f"The staging folder cannot be written ({why}).") from error


def raw_copied(raw: RawMail, staged: StagedFile) -> StagedFile:
    """Copy the message into a staged file (hashed again as it is written) and close it."""
    for chunk in raw.chunks():
        staged.write(chunk)
    staged.close()
    return staged


def read_received(raw: RawMail) -> ParsedMail:
    """Return what is read of a received message: all of it, or its headers alone if large."""
    limit = current_app.config["MAIL_INTAKE_MAX_MESSAGE_BYTES"]
    if raw.size <= limit:
        # The `email` parser holds about three times a message's size while it reads it.
        return read_message(raw.chunks(64 * 1024))
    return read_headers_only(raw.head(), kept_whole=(
        f"message of {format_size(raw.size)}: attachments were not unpacked (only messages up "
        f"to {format_size(limit)} are); the original message is kept whole"))
