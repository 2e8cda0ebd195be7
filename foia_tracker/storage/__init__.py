"""Where document bytes are kept: one small interface, a folder or an object store behind it.

Every store is content-addressed: an object is named by the SHA-256 of its bytes, never by a
name a user chose, and never overwritten. Bytes are staged on the local disk while they are
hashed (see `staging`), then kept by the store, before any row points at them.
"""

from pathlib import Path

from flask import current_app

from .staging import CHUNK_BYTES, FileTooLarge, StagedFile, format_size, sha256_of_file
# The interface lives apart so the stores can implement it without importing this module.
from .base import DocumentStore, ObjectMissing, StoreError, StoreUnavailable, check_sha256

__all__ = ["CHUNK_BYTES", "DocumentStore", "FileTooLarge", "ObjectMissing", "StagedFile",
           "StoreError", "StoreUnavailable", "check_sha256", "document_store", "format_size",
           "sha256_of_file"]


def document_store() -> DocumentStore:
    """Return the store configured for the current app (one per app and settings)."""
    config = current_app.config
    settings = tuple(config.get(key) for key in (
        "DOCUMENTS_URL", "DOCUMENTS_PATH", "DOCUMENTS_STAGING_PATH", "S3_ENDPOINT_URL",
        "S3_REGION"))
    stores = current_app.extensions.setdefault("foia_document_stores", {})
    if settings not in stores:
        # An object-store client is costly to build: each worker makes one and reuses it.
        stores[settings] = store_from_config(config)
    return stores[settings]


def store_from_config(config) -> DocumentStore:
    """Build the store the settings name: DOCUMENTS_URL s3://..., else the DOCUMENTS_PATH folder."""
    url = config.get("DOCUMENTS_URL")
    if not url:
        from .folder import FolderStore

        return FolderStore(config["DOCUMENTS_PATH"])
    bucket, prefix = parse_s3_url(url)
    from .s3 import S3Store

    return S3Store(bucket=bucket, prefix=prefix, staging_dir=Path(config["DOCUMENTS_STAGING_PATH"]),
                   endpoint_url=config.get("S3_ENDPOINT_URL"), region=config.get("S3_REGION"))


def parse_s3_url(url: str) -> tuple[str, str]:
    """Return (bucket, prefix) of s3://BUCKET/PREFIX; raise ValueError for anything else."""
    scheme, _, rest = url.partition("://")
    bucket, _, prefix = rest.partition("/")
    if scheme != "s3" or not bucket:
        raise ValueError(f"FOIA_DOCUMENTS_URL must look like s3://BUCKET/PREFIX, not {url!r}.")
    return bucket, prefix.strip("/")
