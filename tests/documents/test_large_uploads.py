"""Large uploads: parsed in large reads, written and hashed beside the parsing, memory flat."""

import errno
import hashlib
import io

import pytest

from foia_tracker.documents import block_writer, intake
from foia_tracker.documents.block_writer import BLOCK_BYTES, BLOCKS_IN_FLIGHT
from foia_tracker.documents.extraction import extraction_run
from foia_tracker.documents.storage import DocumentStore, StagedFile
from foia_tracker.documents.upload_stream import UPLOAD_PARSE_BUFFER_BYTES, parse_buffer_size

from ..conftest import csrf_token
from ..files import make_pdf
from .conftest import documents, scan, staged_leftovers, stored_files, text_of

MB = 1024 * 1024


def damaged_pdf() -> bytes:
    """Return a 40-page PDF whose startxref points nowhere: pypdf must rebuild its xref."""
    pdf = make_pdf([f"Page {n}: " + "withheld under exemption 7(C) " * 120 for n in range(40)])
    start = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    digits = pdf[start:].split(b"\n", 1)[0]
    return pdf[:start] + b"1" * len(digits) + pdf[start + len(digits):]


def test_a_file_of_many_blocks_is_stored_byte_for_byte(make_user, make_request, login, upload,
                                                       staging, documents_path):
    user = login(make_user())
    request = make_request(user)
    data = b"%PDF-1.7\n" + scan(3 * MB + 12345)
    assert upload(request.id, {"production.pdf": data}).status_code == 302
    (document,) = documents()
    assert document.size_bytes == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert DocumentStore(documents_path).path_for(document.sha256).read_bytes() == data
    assert staged_leftovers(staging) == []


def test_a_large_file_over_the_limit_is_refused_with_nothing_left(
        app, make_user, make_request, login, upload, staging, documents_path):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 2 * MB
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"production.pdf": b"%PDF-1.7\n" + scan(5 * MB)})
    assert response.status_code == 413
    assert "production.pdf is larger than the limit of 2 MB per file" in text_of(response.text)
    assert staged_leftovers(staging) == [] and stored_files(documents_path) == []


def test_an_upload_cut_off_while_blocks_are_written_leaves_nothing(
        client, make_user, make_request, login, staging, documents_path):
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
    assert staged_leftovers(staging) == [] and stored_files(documents_path) == []


def test_a_small_form_memory_limit_still_takes_large_files(app, make_user, make_request, login,
                                                           upload):
    # Werkzeug's decoder counts file bytes in its buffer against this limit.
    app.config["MAX_FORM_MEMORY_SIZE"] = 256 * 1024
    user = login(make_user())
    request = make_request(user)
    data = b"%PDF-1.7\n" + scan(2 * MB)
    assert upload(request.id, {"production.pdf": data}).status_code == 302
    assert documents()[0].sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("form_memory, read", [
    (None, UPLOAD_PARSE_BUFFER_BYTES),
    (1024 * 1024, UPLOAD_PARSE_BUFFER_BYTES),
    (256 * 1024, 128 * 1024),
    (100 * 1024, 64 * 1024),
])
def test_uploads_are_read_in_blocks_well_under_the_form_memory_limit(form_memory, read):
    assert parse_buffer_size(form_memory) == read


def write_in_pieces(staged: StagedFile) -> bytes:
    """Write pieces that start, straddle and end blocks, more blocks than are kept in memory."""
    pieces = [b"head", scan(BLOCK_BYTES - 1), scan(BLOCK_BYTES), b"middle",
              scan((BLOCKS_IN_FLIGHT + 2) * BLOCK_BYTES + 3), bytearray(b"tail")]
    for piece in pieces:
        assert staged.write(piece) == len(piece)
    pieces[-1][:] = b"TAIL"  # a caller reusing its buffer changes nothing already written
    return b"".join(bytes(p) for p in pieces[:-1]) + b"tail"


def test_a_staged_file_hashes_and_writes_blocks_of_any_size_in_order(tmp_path):
    staged = StagedFile(tmp_path, max_bytes=None)
    written = write_in_pieces(staged)
    staged.close()
    assert staged.size == len(written)
    assert staged.sha256 == hashlib.sha256(written).hexdigest()
    assert staged.path.read_bytes() == written


def test_a_file_system_without_direct_io_gets_the_same_bytes(tmp_path, monkeypatch):
    refused = []
    real_write = block_writer._write_all

    def refuse_direct_writes(fd, view, offset):
        if block_writer.fcntl.fcntl(fd, block_writer.fcntl.F_GETFL) & block_writer._O_DIRECT:
            refused.append(offset)
            raise OSError(errno.EINVAL, "Invalid argument")
        real_write(fd, view, offset)

    monkeypatch.setattr(block_writer, "_write_all", refuse_direct_writes)
    staged = StagedFile(tmp_path, max_bytes=None)
    written = write_in_pieces(staged)
    staged.close()
    assert staged.path.read_bytes() == written
    assert staged.sha256 == hashlib.sha256(written).hexdigest()
    assert len(refused) <= 1, "refused once at most, then every block went through the cache"


def disk_full(fd, view, offset):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_block_that_cannot_be_written_fails_the_file_and_is_discarded(tmp_path, monkeypatch):
    monkeypatch.setattr(block_writer, "_write_all", disk_full)
    staged = StagedFile(tmp_path, max_bytes=None)
    with pytest.raises(OSError, match="No space left"):
        # The first block fails on a helper thread; a write soon after says so.
        for _ in range(BLOCKS_IN_FLIGHT + 2):
            staged.write(scan(BLOCK_BYTES))
    staged.discard()
    assert staged.closed and not staged.path.exists()


def test_a_last_block_that_cannot_be_written_fails_the_close(tmp_path, monkeypatch):
    staged = StagedFile(tmp_path, max_bytes=None)
    staged.write(scan(BLOCK_BYTES + 10))
    monkeypatch.setattr(block_writer, "_write_all", disk_full)
    with pytest.raises(OSError, match="No space left"):
        staged.close()
    staged.discard()
    assert staged.closed and not staged.path.exists()


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
