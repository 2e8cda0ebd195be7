"""Reach into the test's document store behind the app's back: read, forge or lose an object.

The app never does these things; tests do, to see what the app makes of a damaged store.
"""

import os

from foia_tracker.storage import document_store
from foia_tracker.storage.folder import FolderStore


def stored_hashes() -> list[str]:
    """Return the SHA-256 of every object in the store, sorted."""
    return sorted(document_store().hashes())


def read_stored(sha256: str) -> bytes:
    with document_store().open(sha256) as stream:
        return stream.read()


def overwrite_stored(sha256: str, data: bytes) -> None:
    """Replace an object's bytes in place, as a disk fault or an intruder might."""
    store = document_store()
    if isinstance(store, FolderStore):
        path = store.path_for(sha256)
        os.chmod(path, 0o640)  # the store keeps files read-only
        path.write_bytes(data)
    else:
        store.client.put_object(Bucket=store.bucket, Key=store.key_for(sha256), Body=data)


def remove_stored(sha256: str) -> None:
    store = document_store()
    if isinstance(store, FolderStore):
        store.path_for(sha256).unlink()
    else:
        store.client.delete_object(Bucket=store.bucket, Key=store.key_for(sha256))


def remove_all_stored() -> None:
    """Lose every stored object (a wiped disk or bucket)."""
    for sha256 in stored_hashes():
        remove_stored(sha256)
