"""Refused uploads: too large, interrupted, of a type we do not accept, archives over bounds.

Whatever the reason, nothing of the upload is saved: no row, no file left in staging.
"""

import io
import struct
import zipfile

import pytest

from foia_tracker.documents import services
from foia_tracker.storage import DocumentStore

from ..conftest import csrf_token
from ..files import make_docx, make_eml, make_pdf, make_zip
from .conftest import post_multipart, document_count, staged_leftovers, stored_hashes, text_of

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def assert_nothing_saved(staging):
    assert document_count() == 0
    assert staged_leftovers(staging) == []
    assert stored_hashes() == []


def test_a_file_over_the_limit_gets_a_413_page_naming_the_limit(
        app, make_user, make_request, login, upload, staging):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 1000
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"small.txt": b"fine\n", "huge.txt": b"x" * 5000})
    assert response.status_code == 413
    assert "huge.txt is larger than the limit of 1,000 bytes per file" in text_of(response.text)
    assert_nothing_saved(staging)


def test_an_upload_over_the_total_limit_is_refused_with_that_limit(
        app, make_user, make_request, login, upload, staging):
    app.config["UPLOAD_MAX_REQUEST_BYTES"] = 3 * 1024 * 1024
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"a.txt": b"a" * (2 * 1024 * 1024),
                                   "b.txt": b"b" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than the limit of 3 MB in all" in text_of(response.text)
    assert_nothing_saved(staging)


def test_the_large_upload_limit_is_for_editors_only(client, make_user, make_request, login,
                                                    staging):
    from foia_tracker.users.models import Role

    editor = make_user()
    request = make_request(editor)
    login(make_user(Role.viewer, organisation=editor.organisation))
    token = csrf_token(client, f"/requests/{request.id}")
    response = post_multipart(client, f"/requests/{request.id}/documents", {
        "csrf_token": token, "files": [(io.BytesIO(b"v" * (3 * 1024 * 1024)), "big.txt")]})
    assert response.status_code == 413, "a viewer's body is cut at the global 2 MB"
    assert_nothing_saved(staging)


def test_an_interrupted_upload_leaves_no_row_and_no_staged_file(
        client, make_user, make_request, login, staging, monkeypatch):
    user = login(make_user())
    request = make_request(user)
    token = csrf_token(client, f"/requests/{request.id}")
    staged = []
    real_stage = DocumentStore.stage

    def stage(self, *args, **kwargs):
        staged.append(real_stage(self, *args, **kwargs))
        return staged[-1]

    monkeypatch.setattr(DocumentStore, "stage", stage)
    boundary = "XyZboundary"
    part = f"--{boundary}\r\nContent-Disposition: form-data; "
    body = (f'{part}name="csrf_token"\r\n\r\n{token}\r\n'
            f'{part}name="files"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode() + make_pdf(["page"]) + b"x" * 200_000
    response = client.post(
        f"/requests/{request.id}/documents", input_stream=io.BytesIO(body),
        content_type=f"multipart/form-data; boundary={boundary}",
        environ_overrides={"CONTENT_LENGTH": str(len(body) + 500_000)})
    assert response.status_code == 400 and "Form expired" not in response.text
    assert staged and staged[0].size > 200_000, "the body was being written when it stopped"
    assert_nothing_saved(staging)


@pytest.mark.parametrize("data, looks_like", [
    (ELF, "a Linux program (ELF)"),
    (EXE, "a Windows program (EXE or DLL)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "an old-style Office file"),
    (bytes(range(256)) * 4, "unrecognised binary data"),
])
def test_a_program_renamed_pdf_is_refused_with_415_even_among_valid_files(
        make_user, make_request, login, upload, staging, data, looks_like):
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, [("contract.pdf", make_pdf(["Valid"])), ("report.pdf", data),
                                   ("notes.txt", b"valid notes\n")])
    assert response.status_code == 415
    message = text_of(response.text)
    assert f"report.pdf looks like {looks_like}" in message
    assert "nothing of this upload was saved" in message
    assert_nothing_saved(staging)


def test_a_zip_with_more_members_than_allowed_is_refused(
        app, make_user, make_request, login, upload, staging):
    app.config["ARCHIVE_MAX_MEMBERS"] = 3
    user = login(make_user())
    request = make_request(user)
    archive = make_zip({f"file{n}.txt": f"file {n}\n".encode() for n in range(4)})
    response = upload(request.id, {"release.zip": archive, "letter.txt": b"cover letter\n"})
    assert response.status_code == 413
    assert "release.zip holds more than 3 files" in text_of(response.text)
    assert_nothing_saved(staging)


def test_a_zip_listing_a_huge_number_of_entries_is_refused_before_it_is_read(
        app, make_user, make_request, login, upload, staging):
    # Directory entries are never stored, so only the count in the archive's end record can
    # refuse this one: reading a central directory of millions of entries would exhaust memory.
    app.config["ARCHIVE_MAX_MEMBERS"] = 3
    user = login(make_user())
    request = make_request(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(1_100):
            archive.writestr(f"folder{n}/", b"")
        archive.writestr("folder0/minutes.txt", b"minutes\n")
    response = upload(request.id, {"listing.zip": buffer.getvalue()})
    assert response.status_code == 413
    assert "listing.zip holds more than 3 files" in text_of(response.text)
    assert_nothing_saved(staging)


def test_a_zip_that_unpacks_to_more_than_the_total_is_refused(
        app, make_user, make_request, login, upload, staging):
    app.config["UPLOAD_MAX_REQUEST_BYTES"] = 100_000
    user = login(make_user())
    request = make_request(user)
    # Compresses to a few hundred bytes: the upload itself is tiny.
    archive = make_zip({"a.txt": b"a" * 60_000, "b.txt": b"b" * 60_000})
    assert len(archive) < 2000
    response = upload(request.id, {"bomb.zip": archive})
    assert response.status_code == 413
    assert "bomb.zip unpacks to more than" in text_of(response.text)
    assert_nothing_saved(staging)


def test_a_zip_whose_headers_understate_the_sizes_is_refused(
        make_user, make_request, login, upload, staging):
    user = login(make_user())
    request = make_request(user)
    archive = bytearray(make_zip({"a.txt": b"a" * 60_000}))
    # Claim 10 bytes uncompressed in the local header and the central directory.
    archive[22:26] = struct.pack("<I", 10)
    central = archive.index(b"PK\x01\x02")
    archive[central + 24:central + 28] = struct.pack("<I", 10)
    response = upload(request.id, {"liar.zip": bytes(archive)})
    assert response.status_code == 422
    assert "liar.zip could not be unpacked (it is damaged)" in text_of(response.text)
    assert_nothing_saved(staging)


def test_a_program_inside_a_zip_is_refused(make_user, make_request, login, upload, staging):
    user = login(make_user())
    request = make_request(user)
    archive = make_zip({"docs/policy.docx": make_docx(["Policy"]), "docs/setup.pdf": EXE})
    response = upload(request.id, {"release.zip": archive})
    assert response.status_code == 415
    assert "In release.zip: setup.pdf looks like a Windows program" in text_of(response.text)
    assert_nothing_saved(staging)


def test_more_files_than_allowed_are_refused(app, make_user, make_request, login, upload,
                                             staging):
    app.config["UPLOAD_MAX_FILES"] = 2
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, [(f"{n}.txt", f"{n}\n".encode()) for n in range(3)])
    assert response.status_code == 413
    assert "Upload at most 2 files at once" in text_of(response.text)
    assert_nothing_saved(staging)


def test_an_empty_selection_is_a_form_error(make_user, make_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, [("", b"")])
    assert response.status_code == 400
    assert 'id="files-error">Choose at least one file.' in response.text
    assert document_count() == 0


def test_an_empty_file_is_refused(make_user, make_request, login, upload, staging):
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"blank.txt": b"", "fine.eml": make_eml("Hi", "Body")})
    assert response.status_code == 422 and "blank.txt is empty" in text_of(response.text)
    assert_nothing_saved(staging)


def test_a_database_failure_leaves_no_row_and_no_staged_file(
        make_user, make_request, login, upload, staging, monkeypatch):
    user = login(make_user())
    request = make_request(user)

    def fail(self):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services._Numbering, "take", fail)
    response = upload(request.id, {"a.txt": b"one\n", "b.txt": b"two\n"})
    assert response.status_code == 500
    assert document_count() == 0 and staged_leftovers(staging) == []
