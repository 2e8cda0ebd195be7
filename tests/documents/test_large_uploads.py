"""Large uploads: streamed to a staged file while hashed, made durable before they count."""

import hashlib
import io
import os

from foia_tracker.documents import intake
from foia_tracker.documents.extraction import extraction_run
from foia_tracker.documents.upload_stream import buffer_multipart_body
from foia_tracker.storage import staging as staging_module
from foia_tracker.storage.folder import FolderStore
from foia_tracker.storage.staging import StagedFile

from ..conftest import csrf_token
from ..files import make_pdf
from ..stores import read_stored
from .conftest import documents, scan, staged_leftovers, stored_hashes, text_of

MB = 1024 * 1024


def damaged_pdf() -> bytes:
    """Return a 40-page PDF whose startxref points nowhere: pypdf must rebuild its xref."""
    pdf = make_pdf([f"Page {n}: " + "withheld under exemption 7(C) " * 120 for n in range(40)])
    start = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    digits = pdf[start:].split(b"\n", 1)[0]
    return pdf[:start] + b"1" * len(digits) + pdf[start + len(digits):]


def test_a_large_file_is_stored_byte_for_byte(make_user, make_request, login, upload,
                                                       staging):
    user = login(make_user())
    request = make_request(user)
    data = b"%PDF-1.7\n" + scan(3 * MB + 12345)
    assert upload(request.id, {"production.pdf": data}).status_code == 302
    (document,) = documents()
    assert document.size_bytes == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert read_stored(document.sha256) == data
    assert staged_leftovers(staging) == []


def test_a_large_file_over_the_limit_is_refused_with_nothing_left(
        app, make_user, make_request, login, upload, staging):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 2 * MB
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"production.pdf": b"%PDF-1.7\n" + scan(5 * MB)})
    assert response.status_code == 413
    assert "production.pdf is larger than the limit of 2 MB per file" in text_of(response.text)
    assert staged_leftovers(staging) == [] and stored_hashes() == []


def test_an_upload_cut_off_midway_leaves_nothing(
        client, make_user, make_request, login, staging):
    user = login(make_user())
    request = make_request(user)
    token = csrf_token(client, f"/requests/{request.id}")
    boundary = "XyZboundary"
    part = f"--{boundary}\r\nContent-Disposition: form-data; "
    body = (f'{part}name="csrf_token"\r\n\r\n{token}\r\n'
            f'{part}name="files"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode() + b"%PDF-1.7\n" + scan(3 * MB)
    response = client.post(
        f"/requests/{request.id}/documents", input_stream=io.BytesIO(body),
        content_type=f"multipart/form-data; boundary={boundary}",
        environ_overrides={"CONTENT_LENGTH": str(len(body) + MB)})
    assert response.status_code == 400
    assert documents() == []
    assert staged_leftovers(staging) == [] and stored_hashes() == []


def test_a_small_form_memory_limit_still_takes_large_files(app, make_user, make_request, login,
                                                           upload):
    # Werkzeug's decoder counts file bytes in its buffer against this limit.
    app.config["MAX_FORM_MEMORY_SIZE"] = 256 * 1024
    user = login(make_user())
    request = make_request(user)
    data = b"%PDF-1.7\n" + scan(2 * MB)
    assert upload(request.id, {"production.pdf": data}).status_code == 302
    assert documents()[0].sha256 == hashlib.sha256(data).hexdigest()


def test_a_body_read_in_large_blocks_stops_at_its_length():
    # Whatever follows on the connection (the next request) is never taken for the body.
    body, following = b"%PDF-1.7\n" + scan(3 * MB + 5), b"GET /next HTTP/1.1\r\n\r\n"
    connection = io.BytesIO(body + following)
    environ = {"CONTENT_TYPE": "multipart/form-data; boundary=x",
               "CONTENT_LENGTH": str(len(body)), "wsgi.input": connection}
    buffer_multipart_body(environ)
    received = b""
    while chunk := environ["wsgi.input"].read(64 * 1024):
        received += chunk
    assert received == body
    assert connection.read() == following


def test_a_chunked_body_is_left_to_the_server():
    connection = io.BytesIO(b"5\r\nhello\r\n0\r\n\r\n")
    environ = {"CONTENT_TYPE": "multipart/form-data; boundary=x", "wsgi.input": connection}
    buffer_multipart_body(environ)
    assert environ["wsgi.input"] is connection


def test_a_staged_file_hashes_exactly_what_it_wrote(tmp_path):
    staged = StagedFile(tmp_path, max_bytes=None)
    pieces = [b"head", scan(MB - 1), bytearray(b"tail")]
    for piece in pieces:
        assert staged.write(piece) == len(piece)
    pieces[-1][:] = b"TAIL"  # a caller reusing its buffer changes nothing already written
    staged.close()
    written = b"head" + scan(MB - 1) + b"tail"
    assert staged.size == len(written)
    assert staged.sha256 == hashlib.sha256(written).hexdigest()
    assert staged.path.read_bytes() == written


def test_a_kept_file_reaches_the_disk_before_its_name_does(tmp_path, monkeypatch):
    # Evidence must survive a power cut: file synced, renamed, then its folders synced.
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(source, target):
        events.append(("rename", str(target)))
        real_replace(source, target)

    monkeypatch.setattr(staging_module.os, "fsync", fsync)
    monkeypatch.setattr("foia_tracker.storage.folder.os.replace", replace)
    store = FolderStore(tmp_path / "documents")
    staged = store.stage()
    staged.write(b"%PDF-1.7 evidence")
    sha256 = store.keep(staged)
    target = store.path_for(sha256)
    assert target.read_bytes() == b"%PDF-1.7 evidence"
    rename = events.index(("rename", str(target)))
    assert ("fsync", str(staged.path)) in events[:rename], "the bytes are synced before the rename"
    synced_after = {path for kind, path in events[rename + 1:] if kind == "fsync"}
    assert str(target.parent) in synced_after, "the rename is synced"
    # The two new folders ab/ and ab/cd/ are synced into their parents before the rename.
    synced_before = {path for kind, path in events[:rename] if kind == "fsync"}
    assert {str(store.root), str(target.parent.parent)} <= synced_before


def test_a_damaged_pdf_too_large_to_repair_in_memory_is_counted_by_the_extraction_job(
        make_user, make_request, login, upload, monkeypatch):
    # pypdf reads a damaged PDF whole into memory to repair it: the upload does not wait for
    # that (nor hold a 1 GB file in memory); the extraction job counts the pages later.
    monkeypatch.setattr(intake, "PAGE_COUNT_MAX_READ_BYTES", 16 * 1024)
    user = login(make_user())
    request = make_request(user)
    assert upload(request.id, {"damaged.pdf": damaged_pdf()}).status_code == 302
    (document,) = documents()
    assert document.media_type == "application/pdf" and document.page_count is None
    extraction_run()
    assert documents()[0].page_count == 40


def test_page_counts_of_sound_and_small_damaged_pdfs_need_no_large_reads(tmp_path, monkeypatch):
    sound = make_pdf([f"Page {n}: " + "withheld under exemption 7(C) " * 120 for n in range(40)])
    (tmp_path / "sound.pdf").write_bytes(sound)
    (tmp_path / "damaged.pdf").write_bytes(damaged_pdf())
    assert intake.pdf_page_count(tmp_path / "damaged.pdf") == 40, "repaired: it is small"
    monkeypatch.setattr(intake, "PAGE_COUNT_MAX_READ_BYTES", 16 * 1024)
    assert intake.pdf_page_count(tmp_path / "sound.pdf") == 40
    assert intake.pdf_page_count(tmp_path / "damaged.pdf") is None
