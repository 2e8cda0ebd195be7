"""Check an upload before any of it is stored: what each file is and what its archives hold."""

import io
import os
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from ..storage import StagedFile
from .archive import ArchiveLimits, ArchiveRefused, unpack
from .detect import ACCEPTED, EMPTY, PDF, ZIP, describe, detect_media_type
from .names import clean_name

#: The most of a PDF read at once to count its pages. pypdf reads a PDF whose cross-reference
#: table is damaged whole into memory to rebuild it (a 1 GB one: 2 s and 1 GB); past this, the
#: count is left to the extraction job, which opens the file outside the request.
PAGE_COUNT_MAX_READ_BYTES = 16 * 1024 * 1024

ACCEPTED_SUMMARY = ("PDF, images, Word (.docx), Excel (.xlsx), e-mails (.eml), plain text "
                    "and ZIP archives")


class UploadRefused(Exception):
    """A file of the upload cannot be stored; so nothing of the upload is."""

    status = 422

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status


class UnsupportedType(UploadRefused):
    status = 415


@dataclass(frozen=True)
class UploadLimits:
    max_files: int
    max_file_bytes: int
    archive: ArchiveLimits

    @classmethod
    def from_config(cls, config) -> "UploadLimits":
        return cls(
            max_files=config["UPLOAD_MAX_FILES"], max_file_bytes=config["UPLOAD_MAX_FILE_BYTES"],
            archive=ArchiveLimits(max_members=config["ARCHIVE_MAX_MEMBERS"],
                                  max_total_bytes=config["UPLOAD_MAX_REQUEST_BYTES"],
                                  max_file_bytes=config["UPLOAD_MAX_FILE_BYTES"],
                                  max_ratio=config["ARCHIVE_MAX_RATIO"],
                                  ratio_min_bytes=config["ARCHIVE_RATIO_MIN_BYTES"]))


@dataclass
class Incoming:
    """One checked file, ready to be stored."""

    name: str
    staged: StagedFile
    media_type: str
    page_count: int | None = None
    #: Set on a file unpacked from an archive: its path inside the archive.
    archive_path: str = ""
    members: list["Incoming"] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return self.staged.sha256

    @property
    def size(self) -> int:
        return self.staged.size

    def staged_files(self) -> Iterator[StagedFile]:
        yield self.staged
        for member in self.members:
            yield member.staged


def inspect_upload(files: list[tuple[str, StagedFile]], *, limits: UploadLimits,
                   stage: Callable[[], StagedFile]) -> list[Incoming]:
    """Return each file with its detected type, archives unpacked; raise UploadRefused if any fails.

    Every file is checked before any is stored, so a refusal leaves nothing half-saved.
    """
    if len(files) > limits.max_files:
        raise UploadRefused(f"Upload at most {limits.max_files} files at once.", status=413)
    incoming = [inspect_file(clean_name(name), staged) for name, staged in files]
    # Unpacked bytes count toward the upload's limit: an archive cannot carry more than the
    # upload could have carried unpacked.
    counted = sum(item.size for item in incoming)
    try:
        for item in incoming:
            if item.media_type == ZIP:
                item.members = _inspect_archive(item, limits.archive, stage, counted)
                counted += sum(member.size for member in item.members)
    except BaseException:
        discard_members(incoming)
        raise
    return incoming


def inspect_file(name: str, staged: StagedFile) -> Incoming:
    """Return the checked file, or raise UploadRefused naming it and what it looks like."""
    staged.close()
    media_type = detect_media_type(staged.path)
    if media_type == EMPTY:
        raise UploadRefused(f"{name} is empty; nothing of this upload was saved.")
    if media_type not in ACCEPTED:
        raise UnsupportedType(
            f"{name} looks like {describe(media_type)}, which is not accepted "
            f"(accepted: {ACCEPTED_SUMMARY}); nothing of this upload was saved.")
    return Incoming(name=name, staged=staged, media_type=media_type,
                    page_count=pdf_page_count(staged.path) if media_type == PDF else None)


def pdf_page_count(path: Path) -> int | None:
    """Return the number of pages, or None for a PDF too broken to say cheaply."""
    try:
        # An open file, not the path: given a path, pypdf reads the whole file into memory.
        with _BoundedReader(open(path, "rb", buffering=0)) as handle, \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return len(PdfReader(handle).pages)
    except Exception:  # noqa: BLE001  (pypdf raises many kinds of errors on broken files)
        return None


class _ReadTooLarge(Exception):
    """Counting the pages would read a large part of the file into memory at once."""


class _BoundedReader(io.BufferedReader):
    """A file that refuses to hand over more than PAGE_COUNT_MAX_READ_BYTES in one read."""

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > PAGE_COUNT_MAX_READ_BYTES:
            if os.fstat(self.fileno()).st_size - self.tell() > PAGE_COUNT_MAX_READ_BYTES:
                raise _ReadTooLarge()
        return super().read(size)


def discard_members(incoming: list[Incoming]) -> None:
    """Discard the staged files unpacked from archives (the uploaded ones are the caller's)."""
    for item in incoming:
        for member in item.members:
            member.staged.discard()


def _inspect_archive(archive: Incoming, limits: ArchiveLimits,
                     stage: Callable[[], StagedFile], counted: int) -> list[Incoming]:
    try:
        unpacked = unpack(archive.staged.path, archive_name=archive.name, limits=limits,
                          stage=stage, counted=counted)
    except ArchiveRefused as error:
        raise UploadRefused(str(error), status=error.status) from error
    try:
        return [_inspect_member(archive.name, member.path, member.staged) for member in unpacked]
    except BaseException:
        for member in unpacked:
            member.staged.discard()
        raise


def _inspect_member(archive_name: str, path: str, staged: StagedFile) -> Incoming:
    try:
        member = inspect_file(clean_name(path), staged)
    except UploadRefused as error:
        error.args = (f"In {archive_name}: {error}",)
        raise
    member.archive_path = path
    return member
