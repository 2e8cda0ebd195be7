"""Documents in a folder on the local disk: ROOT/ab/cd/<sha256>, staged in ROOT/tmp.

Files derived from a document (page images, a searchable copy) live apart, in
ROOT/derived/<sha256>/<name>.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from .staging import StagedFile, fsync_dir, fsync_file, make_dirs_durably
from .base import DocumentStore, ObjectMissing, check_derived_name, check_sha256


class FolderStore(DocumentStore):
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        # Inside the root, on the same file system: keeping a file is a rename, not a copy.
        self.staging_dir = self.root / "tmp"

    def path_for(self, sha256: str) -> Path:
        check_sha256(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def keep(self, staged: StagedFile) -> str:
        staged.close()
        target = self.path_for(staged.sha256)
        if target.exists():
            # Same bytes already stored (perhaps by another organisation): keep the one copy.
            staged.discard()
        else:
            self._install(staged.path, target)
        staged.is_kept = True
        return staged.sha256

    def _install(self, source: Path, target: Path) -> None:
        # Evidence must survive a power cut: the bytes reach the disk before the rename that
        # names them, and the rename (and any new folder) before a row can point at them.
        fsync_file(source)
        os.chmod(source, 0o440)
        make_dirs_durably(target.parent)
        os.replace(source, target)
        fsync_dir(target.parent)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        try:
            return open(self.path_for(sha256), "rb")
        except FileNotFoundError:
            raise ObjectMissing(f"The stored file {sha256} is missing.") from None

    def open_seekable(self, sha256: str) -> BinaryIO:
        return self.open(sha256)

    @contextmanager
    def local_copy(self, sha256: str) -> Iterator[Path]:
        path = self.path_for(sha256)
        if not path.is_file():
            raise ObjectMissing(f"The stored file {sha256} is missing.")
        yield path

    def hashes(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            if path.is_file() and len(path.name) == 64:
                yield path.name

    def put_file(self, sha256: str, path: Path) -> None:
        target = self.path_for(sha256)
        staged = self.stage()
        staged.close()
        shutil.copyfile(path, staged.path)
        target.unlink(missing_ok=True)
        self._install(staged.path, target)

    def size(self, sha256: str) -> int:
        try:
            return self.path_for(sha256).stat().st_size
        except FileNotFoundError:
            raise ObjectMissing(f"The stored file {sha256} is missing.") from None

    def derived_path(self, sha256: str, name: str) -> Path:
        return self.root / "derived" / check_sha256(sha256) / check_derived_name(name)

    def put_derived(self, sha256: str, name: str, path: Path) -> None:
        target = self.derived_path(sha256, name)
        staged = self.stage()
        staged.close()
        shutil.copyfile(path, staged.path)
        # A reader sees the old file or the new one, never half of one; if the rename is lost
        # in a power cut the file is simply rebuilt.
        fsync_file(staged.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.path, target)

    def open_derived(self, sha256: str, name: str) -> BinaryIO:
        try:
            return open(self.derived_path(sha256, name), "rb")
        except FileNotFoundError:
            raise ObjectMissing(f"The derived file {name} of {sha256} is missing.") from None

    def derived_size(self, sha256: str, name: str) -> int:
        try:
            return self.derived_path(sha256, name).stat().st_size
        except FileNotFoundError:
            raise ObjectMissing(f"The derived file {name} of {sha256} is missing.") from None

    def derived_names(self, sha256: str) -> list[str]:
        folder = self.root / "derived" / check_sha256(sha256)
        return sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []

    def delete_derived(self, sha256: str, name: str | None = None) -> int:
        names = [check_derived_name(name)] if name else self.derived_names(sha256)
        removed = 0
        for each in names:
            try:
                self.derived_path(sha256, each).unlink()
                removed += 1
            except FileNotFoundError:
                continue  # removed meanwhile by another worker
        if name is None:
            try:
                (self.root / "derived" / sha256).rmdir()
            except OSError:
                pass  # a worker wrote a new one meanwhile, or there was never a folder
        return removed
