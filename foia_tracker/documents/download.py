"""The response that hands out a document's bytes, whoever was allowed to read it."""

from flask import request, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from ..storage import document_store
from .models import Document


def document_response(document: Document):
    """Stream the document as a download; call only after the caller's access check."""
    # Opened only now, after the access check: the bytes stream from the store in chunks.
    stream = document_store().open(document.sha256)
    response = send_file(stream, mimetype=document.media_type, as_attachment=True,
                         download_name=document.original_name, conditional=False,
                         etag=document.sha256)
    # The row knows the size, whatever the store: ranges and 304s work on either.
    response.content_length = document.size_bytes
    try:
        response.make_conditional(request, accept_ranges=True,
                                  complete_length=document.size_bytes)
    except RequestedRangeNotSatisfiable:
        stream.close()
        raise
    # Never let a browser run or sniff what an agency (or anyone) put in the file.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response
