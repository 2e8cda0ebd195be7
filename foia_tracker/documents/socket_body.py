"""An upload's body read straight from gunicorn's socket into one reused buffer.

gunicorn hands a body over through two buffers of its own (its reader's and its `Body`'s), which
copy every byte five or six times: a third of a second of CPU per GB, an eighth of a large
upload's time on two cores. Here the rest of the body is received into one buffer, which
Werkzeug's multipart parser copies from. gunicorn's accounting is kept true: its reader is told
of every byte taken, so a body left partly unread is drained or the connection closed by
gunicorn as usual, and a kept-alive connection stays in step.

Only gunicorn's plain Content-Length body on its own socket is read this way, recognised by
type; another server, a chunked body or another gunicorn release is read the usual way.
"""

import io

from werkzeug.exceptions import ClientDisconnected

try:
    from gunicorn.http.body import Body, LengthReader
    from gunicorn.http.unreader import SocketUnreader
except ImportError:  # served by another WSGI server
    Body = LengthReader = SocketUnreader = None


class SocketBody:
    """The unread rest of a request body. `read()` returns a view of a buffer that the next
    `read()` overwrites: the caller must copy what it keeps, as Werkzeug's parser does."""

    def __init__(self, body, sock, held: bytes, buffer_size: int):
        self._body = body
        self._reader = body.reader
        self._sock = sock
        self._held = held  # bytes gunicorn had already received
        self._view = memoryview(bytearray(buffer_size))

    def read(self, size: int) -> bytes | memoryview:
        if self._held:
            data, self._held = self._held[:size], self._held[size:]
            return data
        wanted = min(size, self._reader.length, len(self._view))
        received = 0
        while received < wanted:
            try:
                count = self._sock.recv_into(self._view[received:wanted])
            except OSError as error:
                self._disconnected()
                raise ClientDisconnected() from error
            if not count:
                self._disconnected()
                raise ClientDisconnected()
            received += count
            self._reader.length -= count
        return self._view[:received]

    def _disconnected(self) -> None:
        # Where the next request would start is unknown: gunicorn must not reuse the connection.
        self._body.failed = True


def socket_body(environ: dict, buffer_size: int) -> SocketBody | None:
    """Return the body of this gunicorn request to read from its socket, or None."""
    body = environ.get("wsgi.input")
    sock = environ.get("gunicorn.socket")
    if Body is None or sock is None or type(body) is not Body:
        return None
    reader = body.reader
    if (type(reader) is not LengthReader or type(reader.unreader) is not SocketUnreader
            or not hasattr(reader.unreader, "take_buffered")):
        return None
    # Bytes gunicorn holds: in Body's buffer (already counted off the reader's length), then
    # read ahead by the socket reader (not yet counted; past the body, a pipelined request's).
    held = body.buf.getvalue()
    body.buf = io.BytesIO()
    ahead = reader.unreader.take_buffered()
    ours, theirs = ahead[:reader.length], ahead[reader.length:]
    if theirs:
        reader.unreader.unread(theirs)
    reader.length -= len(ours)
    return SocketBody(body, sock, held + ours, buffer_size)
