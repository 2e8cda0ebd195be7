"""Files named on the command line: walked without following links, staged as uploads are.

Every file and folder is opened relative to the folder it was found in, with O_NOFOLLOW: a
link (or a folder swapped for a link while we walk) is refused, never followed out of the
paths the operator named.
"""

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..storage import CHUNK_BYTES, StagedFile

# O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused after fstat.
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass(frozen=True)
class Found:
    """A path met while walking: an open regular file, or the reason it cannot be taken."""

    #: The given path, joined with the names found below it: what the operator sees.
    path: str
    #: Open for reading while the walk is paused on this file; closed when it moves on.
    fd: int | None = None
    problem: str | None = None


def walk(paths: list[str]) -> Iterator[Found]:
    """Yield every regular file under the paths, folders recursively in name order."""
    for given in paths:
        yield from _walk_entry(given, given, dir_fd=None)


def stage_from_disk(fd: int, stage: Callable[[], StagedFile]) -> StagedFile:
    """Copy the open file into a staged file, hashed and counted as it is written."""
    staged = stage()
    buffer = bytearray(CHUNK_BYTES)
    view = memoryview(buffer)
    try:
        while read := os.readv(fd, [buffer]):
            staged.write(view[:read])
        staged.close()
    except BaseException:
        staged.discard()
        raise
    return staged


def _walk_entry(shown: str, name: str, dir_fd: int | None) -> Iterator[Found]:
    try:
        fd = os.open(name, _OPEN_FLAGS, dir_fd=dir_fd)
    except OSError as error:
        yield Found(shown, problem=_problem(error))
        return
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            yield from _walk_folder(shown, fd)
        elif stat.S_ISREG(mode):
            yield Found(shown, fd=fd)
        else:
            yield Found(shown, problem="is not a regular file (a device, pipe or socket); "
                                       "it was not read.")
    finally:
        os.close(fd)


def _walk_folder(shown: str, fd: int) -> Iterator[Found]:
    try:
        with os.scandir(fd) as entries:
            names = sorted(entry.name for entry in entries)
    except OSError as error:
        yield Found(shown, problem=_problem(error))
        return
    for name in names:
        yield from _walk_entry(os.path.join(shown, name), name, dir_fd=fd)


def _problem(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "is a symbolic link; links are not followed."
    if error.errno == errno.ENOENT:
        return "does not exist."
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read: permission denied."
    return f"cannot be read: {error.strerror}."
