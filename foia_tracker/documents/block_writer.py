"""Appending a large file's bytes to disk and to its hash, on helper threads, past the page cache.

A scanned production of a gigabyte is written once and read rarely. Written through the page
cache it cost the kernel 1.4 to 2.6 s of CPU per GB on our 2-core machine (fresh cache pages)
and pushes the database's pages out of the cache; written with O_DIRECT it cost 0.17 s.
O_DIRECT wants page-aligned memory, lengths and offsets, so bytes are gathered into aligned
blocks; the last, partial block is written through the cache as usual. Where the file system
refuses O_DIRECT, blocks are written through the cache too.
"""

import errno
import fcntl
import mmap
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

#: Bytes gathered before a block is handed to the helpers: a multiple of any disk's block size.
#: Measured on a 1 GB upload: 1 MB blocks ran at 0.46-0.52 of hashlib's rate, 2 MB at
#: 0.54-0.58, 4 MB and 8 MB no faster.
BLOCK_BYTES = 2 * 1024 * 1024
#: Blocks being hashed and written while the caller gathers the next: with 2 MB blocks, two
#: ran at 0.51 of hashlib's rate, three and four at 0.54-0.57, six at 0.51 (and more memory).
BLOCKS_IN_FLIGHT = 4
_O_DIRECT = getattr(os, "O_DIRECT", 0)  # Linux; elsewhere every block goes through the cache


class BlockWriter:
    """Appends bytes, in order, to a file descriptor and a hash object.

    Each full block is hashed on one helper thread and written on another (both release the
    GIL) while the caller gathers the next, so an upload is parsed, hashed and written at once.
    Memory stays at BLOCKS_IN_FLIGHT + 1 blocks. A file smaller than one block never starts a
    helper: `finish()` writes and hashes it in the caller's thread. An error writing a block
    is raised by a later `append()` or by `finish()`.
    """

    def __init__(self, fd: int, digest):
        self._fd = fd
        self._digest = digest
        self._block: memoryview | None = None
        self._filled = 0
        self._offset = 0  # where the block being gathered starts in the file
        self._spare: list[memoryview] = []
        self._in_flight: deque[tuple[memoryview, Future, Future]] = deque()
        self._hasher: ThreadPoolExecutor | None = None
        self._writer: ThreadPoolExecutor | None = None
        self._direct = False
        #: Once finished, bytes go straight to the file and the hash: the blocks are gone.
        self.finished = False

    def append(self, data) -> None:
        view = memoryview(data).cast("B")
        if self.finished:
            self._write_through(view)
            return
        while view:
            if self._block is None:
                self._block = self._free_block()
            taken = min(len(view), BLOCK_BYTES - self._filled)
            self._block[self._filled:self._filled + taken] = view[:taken]
            self._filled += taken
            view = view[taken:]
            if self._filled == BLOCK_BYTES:
                self._hand_over()

    def finish(self) -> None:
        """Wait for the blocks in flight, then write and hash what is gathered."""
        if self.finished:
            return
        self._wait_for_blocks()
        self.finished = True
        if self._direct:
            self._use_direct_io(False)  # the last block is of any length
        if self._filled:
            last, self._filled = self._block[:self._filled], 0
            self._write_through(last)
        self._release_blocks()

    def abandon(self) -> None:
        """Stop without writing what is gathered; blocks in flight finish, their errors unsaid."""
        try:
            self._wait_for_blocks()
        except OSError:
            pass  # the bytes are being thrown away; why they could not be written is moot
        finally:
            self.finished = True
            self._release_blocks()

    def _hand_over(self) -> None:
        if self._hasher is None:
            self._hasher = ThreadPoolExecutor(1, thread_name_prefix="block-hash")
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="block-write")
            self._use_direct_io(True)
        block, offset = self._block, self._offset
        # Each helper runs its blocks in the order given: the hash sees the bytes in order.
        self._in_flight.append((block, self._hasher.submit(self._digest.update, block),
                                self._writer.submit(self._write_block, block, offset)))
        self._block, self._filled = None, 0
        self._offset += BLOCK_BYTES

    def _free_block(self) -> memoryview:
        if self._spare:
            return self._spare.pop()
        if len(self._in_flight) < BLOCKS_IN_FLIGHT:
            return memoryview(mmap.mmap(-1, BLOCK_BYTES))  # page-aligned, as O_DIRECT needs
        return self._free_block_in_flight()

    def _wait_for_blocks(self) -> None:
        while self._in_flight:
            self._spare.append(self._free_block_in_flight())

    def _free_block_in_flight(self) -> memoryview:
        block, hashed, written = self._in_flight.popleft()
        try:
            hashed.result()
            written.result()
        except BaseException:
            # Let the helpers finish with the rest before anyone closes the file under them.
            self._drain_in_flight()
            raise
        return block

    def _drain_in_flight(self) -> None:
        for _, hashed, written in self._in_flight:
            hashed.exception()
            written.exception()
        self._in_flight.clear()

    def _release_blocks(self) -> None:
        for helper in (self._hasher, self._writer):
            if helper is not None:
                helper.shutdown()
        self._hasher = self._writer = None
        self._block, self._filled, self._spare = None, 0, []

    def _write_block(self, block: memoryview, offset: int) -> None:
        try:
            _write_all(self._fd, block, offset)
        except OSError as error:
            if not (self._direct and error.errno == errno.EINVAL):
                raise
            # Accepted at fcntl() but refused at write(): this file system only claims it.
            self._use_direct_io(False)
            _write_all(self._fd, block, offset)

    def _write_through(self, view: memoryview) -> None:
        _write_all(self._fd, view, self._offset)
        self._digest.update(view)
        self._offset += len(view)

    def _use_direct_io(self, on: bool) -> None:
        if not _O_DIRECT:
            return
        try:
            flags = fcntl.fcntl(self._fd, fcntl.F_GETFL)
            fcntl.fcntl(self._fd, fcntl.F_SETFL, flags | _O_DIRECT if on else flags & ~_O_DIRECT)
        except OSError:
            on = False  # the file system does not do direct I/O: write through the cache
        self._direct = on


def _write_all(fd: int, view: memoryview, offset: int) -> None:
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written
