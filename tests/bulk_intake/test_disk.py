"""Walking the given paths: what cannot be read is named with the reason, as any user sees it."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from foia_tracker.bulk_intake.disk import walk

ROOT = Path(__file__).resolve().parent.parent.parent
NOBODY = 65534
_WALK = ("import json, sys\n"
         "from foia_tracker.bulk_intake.disk import walk\n"
         "print(json.dumps([(found.path, found.problem) for found in walk(sys.argv[1:])]))\n")


@pytest.fixture
def shared_folder():
    """A folder another user can enter (pytest's own temporary folders are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="bulk-intake-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def walked_as_a_user(paths: list[Path]) -> list[list]:
    """Walk as an unprivileged user: root reads every file whatever its permissions."""
    if os.geteuid() != 0:
        return [[found.path, found.problem] for found in walk([str(p) for p in paths])]
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux) to walk as another user")
    drop = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    result = subprocess.run([*drop, sys.executable, "-c", _WALK, *map(str, paths)], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_unreadable_files_and_folders_are_refused_saying_so(shared_folder):
    (shared_folder / "open.txt").write_text("readable\n")
    locked = shared_folder / "locked.txt"
    locked.write_text("secret\n")
    locked.chmod(0)
    closed = shared_folder / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text("never listed\n")
    closed.chmod(0)
    assert walked_as_a_user([shared_folder]) == [
        [str(closed), "cannot be read: permission denied."],
        [str(locked), "cannot be read: permission denied."],
        [str(shared_folder / "open.txt"), None]]


def test_files_are_walked_in_name_order_folders_recursively(tmp_path):
    for name in ("b/2.txt", "b/1.txt", "a.txt", "c/d/e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    found = [Path(f.path).relative_to(tmp_path).as_posix() for f in walk([str(tmp_path)])]
    assert found == ["a.txt", "b/1.txt", "b/2.txt", "c/d/e.txt"]
