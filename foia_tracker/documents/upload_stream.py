"""The request class: uploaded documents stream to the store's staging folder as they arrive.

Flask-WTF's CSRF check reads the form in a before_request hook, so the body is parsed before
any view runs: the limits of an upload must be decided here, from the matched endpoint.
"""

import io

from flask import Request, current_app
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from werkzeug.utils import cached_property

from ..storage import StagedFile, document_store, format_size
from .names import clean_name

#: Endpoints that take document uploads: large bodies, files staged for the store.
UPLOAD_ENDPOINTS = frozenset({"documents.upload", "documents.upload_version"})
#: Bytes asked of the server at a time while a multipart body is read.
BODY_READ_BYTES = 1024 * 1024


class BodyReader(io.RawIOBase):
    """The request body as WSGI gives it (wsgi.input), never read past its Content-Length."""

    def __init__(self, source, length: int):
        self.source = source
        self.remaining = length

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read(min(len(buffer), self.remaining))
        buffer[:len(data)] = data
        self.remaining -= len(data)
        return len(data)


def buffer_multipart_body(environ: dict) -> None:
    """Have a multipart body read from the server in large blocks, handed out in small ones."""
    # Werkzeug's form parser reads 64 KB at a time; gunicorn receives up to 1 MB per recv()
    # and copies what is left of it on every read. A buffered reader asking 1 MB at a time
    # (through wsgi.input only) saves the worker about a third of its CPU on large uploads.
    # Without a Content-Length (a chunked body) the server's own stream is left as it is.
    length = environ.get("CONTENT_LENGTH", "")
    if environ.get("CONTENT_TYPE", "").startswith("multipart/form-data") and length.isdigit():
        environ["wsgi.input"] = io.BufferedReader(
            BodyReader(environ["wsgi.input"], int(length)), BODY_READ_BYTES)


class UploadRequest(Request):
    def __init__(self, environ: dict, *args, **kwargs):
        buffer_multipart_body(environ)
        super().__init__(environ, *args, **kwargs)

    #: Files with a name in the body so far (a browser sends an unnamed one for "no file").
    named_files = 0

    @property
    def is_document_upload(self) -> bool:
        return self.endpoint in UPLOAD_ENDPOINTS

    @property
    def max_content_length(self) -> int | None:
        # Only editors get the large limit: anyone else's body is refused at 2 MB before
        # it can fill the disk, even though the view would refuse it anyway.
        if self.is_document_upload and _may_upload():
            return current_app.config["UPLOAD_MAX_REQUEST_BYTES"]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        Request.max_content_length.fset(self, value)

    def make_form_data_parser(self) -> FormDataParser:
        if not self.is_document_upload:
            return super().make_form_data_parser()
        # Werkzeug's documented hook: each file part is written to what stream_factory returns.
        return self.form_data_parser_class(
            stream_factory=self.stage_file, max_form_memory_size=self.max_form_memory_size,
            max_content_length=self.max_content_length, max_form_parts=self.max_form_parts,
            cls=self.parameter_storage_class)

    @cached_property
    def staged_files(self) -> list[StagedFile]:
        """Every file staged while this request was read; those not kept go at teardown."""
        return []

    def stage_file(self, total_content_length, content_type, filename=None,
                   content_length=None) -> StagedFile:
        """Return a staged file for the next file part of an upload, within the upload limits."""
        if filename:
            self.named_files += 1
        if self.named_files > current_app.config["UPLOAD_MAX_FILES"]:
            raise RequestEntityTooLarge(
                f"Upload at most {current_app.config['UPLOAD_MAX_FILES']} files at once; "
                "nothing of this upload was saved.")
        staged = document_store().stage(max_bytes=current_app.config["UPLOAD_MAX_FILE_BYTES"],
                                         label=clean_name(filename))
        self.staged_files.append(staged)
        return staged

    def close(self) -> None:
        try:
            super().close()
        finally:
            # A refused, failed or interrupted upload leaves nothing in the staging folder.
            for staged in self.__dict__.get("staged_files", ()):
                staged.discard()


def request_too_large_message(limit: int | None) -> str:
    """Explain the whole-upload limit, which a browser cannot check before sending."""
    if limit is None:
        return "The upload is too large."
    return (f"This upload is larger than the limit of {format_size(limit)} in all; "
            "upload fewer files at once.")


def _may_upload() -> bool:
    return current_user.is_authenticated and current_user.can_edit
