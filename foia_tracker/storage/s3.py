"""Documents in S3-compatible object storage: s3://BUCKET/PREFIX/ab/cd/<sha256>.

Files derived from a document (page images, a searchable copy) live apart, under
PREFIX/derived/<sha256>/<name>.

Uploads are staged on the local disk (hashed as they arrive) and sent from there as a
multipart upload, a few parts at a time: never the whole file in memory. Credentials come from
boto3's own chain (AWS_* environment variables, ~/.aws files, an instance role), never from
the app's settings.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import boto3
from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from .ranged import RangedReader
from .staging import StagedFile
from .base import (DocumentStore, ObjectMissing, StoreUnavailable, check_derived_name,
                   check_sha256)

#: Parts of 8 MB, four in flight: at most about 32 MB of a transfer in memory at once.
TRANSFER = TransferConfig(multipart_threshold=8 * 1024 * 1024,
                          multipart_chunksize=8 * 1024 * 1024, max_concurrency=4)
#: A store that does not answer must fail a request in seconds, not hang a worker.
CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=60,
                       retries={"max_attempts": 3, "mode": "standard"})
_HASH_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/([0-9a-f]{64})$")
_MISSING_CODES = {"404", "NoSuchKey", "NotFound"}
_DENIED_CODES = {"403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
                 "AllAccessDisabled", "ExpiredToken", "InvalidToken"}


class S3Store(DocumentStore):
    def __init__(self, *, bucket: str, prefix: str, staging_dir: Path,
                 endpoint_url: str | None = None, region: str | None = None):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.staging_dir = Path(staging_dir)
        self.endpoint = endpoint_url or "AWS S3"
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None,
            config=CLIENT_CONFIG)

    def key_for(self, sha256: str) -> str:
        check_sha256(sha256)
        name = f"{sha256[:2]}/{sha256[2:4]}/{sha256}"
        return f"{self.prefix}/{name}" if self.prefix else name

    def keep(self, staged: StagedFile) -> str:
        staged.close()
        sha256 = staged.sha256
        if not self.exists(sha256):
            with self._errors(sha256):
                self.client.upload_file(str(staged.path), self.bucket, self.key_for(sha256),
                                        Config=TRANSFER)
        # The object store has the bytes now; the staged copy is no longer needed.
        staged.discard()
        staged.is_kept = True
        return sha256

    def exists(self, sha256: str) -> bool:
        try:
            self.size(sha256)
        except ObjectMissing:
            return False
        return True

    def open(self, sha256: str) -> BinaryIO:
        with self._errors(sha256):
            return self.client.get_object(Bucket=self.bucket, Key=self.key_for(sha256))["Body"]

    def open_seekable(self, sha256: str) -> BinaryIO:
        key = self.key_for(sha256)

        def fetch(start: int, stop: int) -> bytes:
            with self._errors(sha256):
                body = self.client.get_object(Bucket=self.bucket, Key=key,
                                              Range=f"bytes={start}-{stop - 1}")["Body"]
                with body:
                    return body.read()

        return RangedReader(self.size(sha256), fetch)

    @contextmanager
    def local_copy(self, sha256: str) -> Iterator[Path]:
        staged = self.stage()
        try:
            staged.close()
            with self._errors(sha256), open(staged.path, "wb") as target:
                self.client.download_fileobj(self.bucket, self.key_for(sha256), target,
                                             Config=TRANSFER)
            yield staged.path
        finally:
            staged.discard()

    def hashes(self) -> Iterator[str]:
        start = f"{self.prefix}/" if self.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start)
        with self._errors(None):
            for page in pages:
                for item in page.get("Contents", ()):
                    found = _HASH_NAME.fullmatch(item["Key"][len(start):])
                    if found:
                        yield found.group(1)

    def put_file(self, sha256: str, path: Path) -> None:
        with self._errors(sha256):
            self.client.upload_file(str(path), self.bucket, self.key_for(sha256),
                                    Config=TRANSFER)

    def size(self, sha256: str) -> int:
        with self._errors(sha256):
            return self.client.head_object(
                Bucket=self.bucket, Key=self.key_for(sha256))["ContentLength"]

    def derived_key(self, sha256: str, name: str | None = None) -> str:
        folder = f"derived/{check_sha256(sha256)}/"
        name = folder + (check_derived_name(name) if name is not None else "")
        return f"{self.prefix}/{name}" if self.prefix else name

    def put_derived(self, sha256: str, name: str, path: Path) -> None:
        with self._errors(sha256):
            self.client.upload_file(str(path), self.bucket, self.derived_key(sha256, name),
                                    Config=TRANSFER)

    def open_derived(self, sha256: str, name: str) -> BinaryIO:
        with self._errors(sha256, name):
            return self.client.get_object(
                Bucket=self.bucket, Key=self.derived_key(sha256, name))["Body"]

    def derived_size(self, sha256: str, name: str) -> int:
        with self._errors(sha256, name):
            return self.client.head_object(
                Bucket=self.bucket, Key=self.derived_key(sha256, name))["ContentLength"]

    def derived_names(self, sha256: str) -> list[str]:
        folder = self.derived_key(sha256)
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=folder)
        with self._errors(None):
            return sorted(item["Key"][len(folder):] for page in pages
                          for item in page.get("Contents", ()))

    def delete_derived(self, sha256: str, name: str | None = None) -> int:
        names = [name] if name else self.derived_names(sha256)
        with self._errors(None):
            for each in names:
                self.client.delete_object(Bucket=self.bucket, Key=self.derived_key(sha256, each))
        return len(names)

    @contextmanager
    def _errors(self, sha256: str | None, derived: str | None = None):
        """Translate boto3's errors into the store's, with a message a person can act on."""
        try:
            yield
        except ClientError as error:
            raise self._client_error(error, sha256, derived) from error
        except S3UploadFailedError as error:
            # boto3 wraps the client error of an upload; the code is on the original.
            cause = error.__context__
            if isinstance(cause, ClientError):
                raise self._client_error(cause, sha256) from error
            raise StoreUnavailable(f"The document store failed: {error}.") from error
        except NoCredentialsError as error:
            raise StoreUnavailable(
                "The document store refused access: no AWS credentials were found (set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile).") from error
        except BotoCoreError as error:
            raise StoreUnavailable(
                f"The document store is not reachable: {error}.") from error

    def _client_error(self, error: ClientError, sha256: str | None,
                      derived: str | None = None) -> Exception:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code == "NoSuchBucket":
            return StoreUnavailable(
                f"The document store has no bucket named {self.bucket!r} at {self.endpoint}.")
        if code in _MISSING_CODES and sha256 is not None and derived is not None:
            return ObjectMissing(f"The derived file {derived} of {sha256} is missing.")
        if code in _MISSING_CODES and sha256 is not None:
            return ObjectMissing(f"The stored file {sha256} is missing from the document store.")
        if code in _DENIED_CODES:
            return StoreUnavailable(
                f"The document store refused access to bucket {self.bucket!r} ({code}); check "
                "the AWS credentials and the bucket's policy.")
        return StoreUnavailable(f"The document store failed: {code or error}.")
