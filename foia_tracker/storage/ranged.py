"""A seekable, read-only view of an object in S3 that fetches only the ranges it is asked for.

Readers that seek (a PDF renderer reading one page's objects, a TIFF reader jumping to one
frame) get what they need without the whole file being downloaded first: the object is read in
blocks by HTTP range requests, and the last few blocks are kept for the next read.
"""

import io
from collections import OrderedDict
from collections.abc import Callable

#: 256 KB blocks, at most 32 of them (8 MB) kept per open object.
BLOCK_BYTES = 256 * 1024
KEPT_BLOCKS = 32


class RangedReader(io.RawIOBase):
    def __init__(self, size: int, fetch: Callable[[int, int], bytes]):
        """Read an object of `size` bytes through fetch(start, stop) -> bytes[start:stop]."""
        self.size = size
        self._fetch = fetch
        self._position = 0
        self._blocks: OrderedDict[int, bytes] = OrderedDict()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer) -> int:
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), max(self.size - self._position, 0))
        done = 0
        while done < wanted:
            index, skip = divmod(self._position, BLOCK_BYTES)
            block = self._block(index)[skip:skip + wanted - done]
            if not block:
                break
            view[done:done + len(block)] = block
            done += len(block)
            self._position += len(block)
        return done

    def _block(self, index: int) -> bytes:
        if index in self._blocks:
            self._blocks.move_to_end(index)
            return self._blocks[index]
        start = index * BLOCK_BYTES
        block = self._fetch(start, min(start + BLOCK_BYTES, self.size))
        self._blocks[index] = block
        if len(self._blocks) > KEPT_BLOCKS:
            self._blocks.popitem(last=False)
        return block
