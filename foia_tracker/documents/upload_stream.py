"""The request class: uploaded documents stream to the store's staging folder as they arrive.

Flask-WTF's CSRF check reads the form in a before_request hook, so the body is parsed before
any view runs: the limits of an upload must be decided here, from the matched endpoint.
"""

import ctypes

from flask import Request, current_app
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser, MultiPartParser
from werkzeug.utils import cached_property

from .names import clean_name
from .socket_body import socket_body
from .storage import StagedFile, document_store, format_size

#: Endpoints that take document uploads: large bodies, files staged for the store.
UPLOAD_ENDPOINTS = frozenset({"documents.upload", "documents.upload_version"})

#: Bytes read from the body at a time while parsing an upload. Werkzeug's own 64 KB reads
#: cost twice as much: gunicorn receives up to 1 MB per recv() and copies what is left of it
#: on every read. Larger reads gain nothing more (and must stay under the form memory limit).
UPLOAD_PARSE_BUFFER_BYTES = 512 * 1024


class UploadFormDataParser(FormDataParser):
    """Parses an upload's multipart body in large reads, from gunicorn's socket where it can."""

    def __init__(self, environ: dict, **options):
        super().__init__(**options)
        self.environ = environ

    def _parse_multipart(self, stream, mimetype, content_length, options):
        # As FormDataParser._parse_multipart, which gives no way to set the read size.
        boundary = options.get("boundary", "").encode("ascii")
        if not boundary:
            raise ValueError("Missing boundary")
        buffer_size = parse_buffer_size(self.max_form_memory_size)
        parser = MultiPartParser(
            stream_factory=self.stream_factory, max_form_memory_size=self.max_form_memory_size,
            max_form_parts=self.max_form_parts, cls=self.cls, buffer_size=buffer_size)
        # Werkzeug has checked the length against the limit; the socket body keeps to it.
        body = socket_body(self.environ, buffer_size) or stream
        form, files = parser.parse(body, boundary, content_length)
        return stream, form, files


def parse_buffer_size(max_form_memory_size: int | None) -> int:
    """Return the read size, leaving the decoder room under the form memory limit."""
    # Werkzeug's decoder refuses a read that takes its buffer, file bytes included, past
    # max_form_memory_size: with reads of the whole limit every upload would be refused.
    if max_form_memory_size is None:
        return UPLOAD_PARSE_BUFFER_BYTES
    return max(64 * 1024, min(UPLOAD_PARSE_BUFFER_BYTES, max_form_memory_size // 2))


class UploadRequest(Request):
    #: Files with a name in the body so far (a browser sends an unnamed one for "no file").
    named_files = 0

    @property
    def is_document_upload(self) -> bool:
        return self.endpoint in UPLOAD_ENDPOINTS

    @property
    def max_content_length(self) -> int | None:
        # Only editors get the large limit: anyone else's body is refused at 2 MB before
        # it can fill the disk, even though the view would refuse it anyway.
        if self._max_content_length is None and self.is_document_upload and _may_upload():
            return current_app.config["UPLOAD_MAX_REQUEST_BYTES"]
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def make_form_data_parser(self) -> FormDataParser:
        if not self.is_document_upload:
            return super().make_form_data_parser()
        keep_freed_read_buffers()
        return UploadFormDataParser(
            self.environ, stream_factory=self._get_file_stream,
            max_form_memory_size=self.max_form_memory_size,
            max_content_length=self.max_content_length, max_form_parts=self.max_form_parts,
            cls=self.parameter_storage_class)

    @cached_property
    def staged_files(self) -> list[StagedFile]:
        """Every file staged while this request was read; those not kept go at teardown."""
        return []

    def _get_file_stream(self, total_content_length, content_type, filename=None,
                         content_length=None):
        if not self.is_document_upload:
            return super()._get_file_stream(total_content_length, content_type, filename,
                                            content_length)
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


# Reading an upload allocates and frees blocks of about 1 MB at every step (gunicorn's recv()
# and buffers, Werkzeug's parser). By default glibc's malloc gives such blocks back to the
# kernel as soon as they are freed and maps fresh zeroed pages for the next ones: about 1,100
# page faults per megabyte uploaded, 3 s of the kernel's time per GB, four times the hashing.
#: Blocks up to this size come from the heap, where freed ones are reused.
_MALLOC_MMAP_THRESHOLD_BYTES = 4 * 1024 * 1024
#: Freed memory the heap keeps for reuse before giving it back to the kernel.
_MALLOC_TRIM_THRESHOLD_BYTES = 16 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # from glibc's malloc.h
_allocator_tuned = False


def keep_freed_read_buffers() -> None:
    """Have malloc reuse the blocks an upload is read in; once per process, glibc only."""
    global _allocator_tuned
    if _allocator_tuned:
        return
    _allocator_tuned = True
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return  # a C library without mallopt (macOS): its allocator is left as it is
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt(_M_MMAP_THRESHOLD, _MALLOC_MMAP_THRESHOLD_BYTES)
    mallopt(_M_TRIM_THRESHOLD, _MALLOC_TRIM_THRESHOLD_BYTES)


def request_too_large_message(limit: int | None) -> str:
    """Explain the whole-upload limit, which a browser cannot check before sending."""
    if limit is None:
        return "The upload is too large."
    return (f"This upload is larger than the limit of {format_size(limit)} in all; "
            "upload fewer files at once.")


def _may_upload() -> bool:
    return current_user.is_authenticated and current_user.can_edit
