"""Unpack a ZIP archive from an agency into staged files, within bounds on count and size.

The bounds are counted from the bytes actually decompressed: the sizes an archive declares
in its headers are written by whoever made it and prove nothing (a "zip bomb" lies in them).
A member may not unpack to much more than it takes compressed (a ratio bomb: small members,
each under the file limit, that together fill the disk).
"""

import lzma
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..storage import CHUNK_BYTES, StagedFile, format_size
from .names import clean_archive_path


class ArchiveRefused(Exception):
    """The archive is over a bound or cannot be read; nothing of it may be stored."""

    def __init__(self, message: str, status: int = 413):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class ArchiveLimits:
    max_members: int
    #: The most the whole upload may hold, its own files and everything unpacked.
    max_total_bytes: int
    max_file_bytes: int
    #: A member may unpack to at most this many times its compressed size...
    max_ratio: float = 100
    #: ...once it has unpacked this much (small files of zeros are honest and common).
    ratio_min_bytes: int = 1024 * 1024


@dataclass
class UnpackedMember:
    #: The member's path inside the archive, cleaned for display.
    path: str
    staged: StagedFile


# Only a corrupt or hostile archive raises these while it is read.
_UNREADABLE = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, NotImplementedError,
               RuntimeError, ValueError, OSError)


def unpack(path: Path, *, archive_name: str, limits: ArchiveLimits,
           stage: Callable[[], StagedFile], counted: int = 0) -> list[UnpackedMember]:
    """Copy each file of the archive to a staged file; discard them all if any bound is passed.

    `counted` is what the upload already holds, toward `limits.max_total_bytes`.
    """
    members: list[UnpackedMember] = []
    try:
        _unpack_into(members, path, archive_name, limits, stage, counted)
    except _UNREADABLE as error:
        _discard(members)
        raise ArchiveRefused(f"{archive_name} could not be unpacked ({_reason(error)}); "
                             "nothing of this upload was saved.", status=422) from error
    except BaseException:
        _discard(members)
        raise
    # An empty file carries no evidence; the archive itself is kept whole anyway.
    _discard([member for member in members if member.staged.size == 0])
    return [member for member in members if member.staged.size > 0]


def _unpack_into(members: list[UnpackedMember], path: Path, archive_name: str,
                 limits: ArchiveLimits, stage: Callable[[], StagedFile], total: int) -> None:
    _check_declared_count(path, archive_name, limits)
    archive_bytes = path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir() or _is_operating_system_clutter(info.filename):
                continue
            if len(members) >= limits.max_members:
                raise ArchiveRefused(
                    f"{archive_name} holds more than {limits.max_members:,} files, the most one "
                    "archive may hold; nothing of this upload was saved.")
            member = UnpackedMember(clean_archive_path(info.filename), stage())
            members.append(member)
            total = _copy(archive, info, member, total, archive_name, limits,
                          _compressed_bound(info, archive_bytes))
            member.staged.close()


def _check_declared_count(path: Path, archive_name: str, limits: ArchiveLimits) -> None:
    # ZipFile reads the whole central directory into memory on open, before the member count
    # above is ever checked: an archive listing millions of tiny entries would exhaust memory.
    # The end record's own count is cheap to read; a lie in it only makes the real check
    # below do the refusing. (_EndRecData is private, but has been zipfile's API for this
    # since Python 2.)
    with open(path, "rb") as handle:
        end_record = zipfile._EndRecData(handle)
    if end_record and end_record[zipfile._ECD_ENTRIES_TOTAL] > 2 * limits.max_members + 1000:
        raise ArchiveRefused(
            f"{archive_name} holds more than {limits.max_members:,} files, the most one "
            "archive may hold; nothing of this upload was saved.")


def _compressed_bound(info: zipfile.ZipInfo, archive_bytes: int) -> int:
    # zipfile never reads more of a member than its header's compressed size, nor can it read
    # more than the archive holds: a lie in the header cannot buy a member a better ratio.
    return max(1, min(info.compress_size, archive_bytes))


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, member: UnpackedMember, total: int,
          archive_name: str, limits: ArchiveLimits, compressed: int) -> int:
    with archive.open(info) as source:
        while chunk := source.read(CHUNK_BYTES):
            total += len(chunk)
            if total > limits.max_total_bytes:
                raise ArchiveRefused(
                    f"{archive_name} unpacks to more than one upload may hold "
                    f"({format_size(limits.max_total_bytes)} in all); nothing of this upload "
                    "was saved.")
            unpacked = member.staged.size + len(chunk)
            if unpacked > limits.ratio_min_bytes and unpacked > limits.max_ratio * compressed:
                raise ArchiveRefused(
                    f"{member.path} in {archive_name} unpacks to more than "
                    f"{limits.max_ratio:g} times its compressed size of {format_size(compressed)}, "
                    "which only a zip bomb does; nothing of this upload was saved.")
            if member.staged.size + len(chunk) > limits.max_file_bytes:
                raise ArchiveRefused(
                    f"{member.path} in {archive_name} is larger than the limit of "
                    f"{format_size(limits.max_file_bytes)} per file; nothing of this upload "
                    "was saved.")
            member.staged.write(chunk)
    return total


def _is_operating_system_clutter(name: str) -> bool:
    # macOS adds resource forks and folder settings to every archive it makes.
    return name.startswith("__MACOSX/") or name.rsplit("/", 1)[-1] == ".DS_Store"


def _reason(error: BaseException) -> str:
    if isinstance(error, RuntimeError) and "encrypted" in str(error):
        return "it is protected by a password"
    if isinstance(error, NotImplementedError):
        return "it uses a compression method we cannot read"
    return "it is damaged"


def _discard(members: list[UnpackedMember]) -> None:
    for member in members:
        member.staged.discard()
