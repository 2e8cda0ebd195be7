"""Corrected copies: new documents chained to the one they correct; originals never change."""

import io

import pytest
from flask import current_app
from sqlalchemy.exc import IntegrityError

from foia_tracker.documents import services
from foia_tracker.documents.intake import UploadLimits, inspect_upload
from foia_tracker.storage import document_store

from ..conftest import csrf_token
from ..files import make_pdf
from ..stores import read_stored
from .conftest import documents, post_multipart, staged_leftovers, text_of


def upload_version(client, document_id, name, data):
    token = csrf_token(client, f"/documents/{document_id}")
    return post_multipart(client, f"/documents/{document_id}/versions", {
        "csrf_token": token, "file": (io.BytesIO(data), name)})


def test_a_corrected_copy_is_a_new_version_in_a_chain(client, make_user, released_request,
                                                      login, upload):
    user = login(make_user())
    request, release = released_request(user)
    original_bytes = make_pdf(["Contract, unredacted by mistake"])
    upload(request.id, {"contract.pdf": original_bytes}, communication_id=release.id)
    (original,) = documents()

    response = upload_version(client, original.id, "contract-redacted.pdf",
                              make_pdf(["Contract", "redacted"]))
    assert response.status_code == 302
    first_fix = documents()[1]
    assert response.location.endswith(f"/documents/{first_fix.id}")
    assert first_fix.previous_version_id == original.id
    assert first_fix.exhibit_number == f"{request.reference}-002"
    assert (first_fix.request_id, first_fix.communication_id) == (request.id, release.id)
    assert first_fix.page_count == 2
    # The original is untouched, bytes included.
    assert documents()[0].sha256 == original.sha256
    assert read_stored(original.sha256) == original_bytes

    assert upload_version(client, first_fix.id, "contract-v3.pdf",
                          make_pdf(["Contract v3"])).status_code == 302
    second_fix = documents()[2]
    page = text_of(client.get(f"/documents/{first_fix.id}").text)
    assert f"Corrects Exhibit {original.exhibit_number}." in page
    assert f"Corrected by Exhibit {second_fix.exhibit_number}." in page
    original_page = text_of(client.get(f"/documents/{original.id}").text)
    assert f"Corrected by Exhibit {first_fix.exhibit_number}." in original_page
    assert all(d.exhibit_number in original_page for d in (original, first_fix, second_fix))


def test_only_the_latest_version_can_be_corrected(client, make_user, make_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"a.txt": b"version one\n"})
    (original,) = documents()
    upload_version(client, original.id, "a.txt", b"version two\n")
    response = upload_version(client, original.id, "a.txt", b"version three\n")
    assert response.status_code == 409
    assert f"already corrected by Exhibit {request.reference}-002" in text_of(response.text)
    assert len(documents()) == 2


def test_a_corrected_copy_with_the_same_bytes_is_refused(client, make_user, make_request, login,
                                                         upload, staging):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"a.txt": b"same\n"})
    (original,) = documents()
    response = upload_version(client, original.id, "a-fixed.txt", b"same\n")
    assert response.status_code == 409
    assert f"same bytes as Exhibit {original.exhibit_number}" in text_of(response.text)
    assert len(documents()) == 1 and staged_leftovers(staging) == []


def test_a_corrected_copy_of_a_refused_type_is_a_415(client, make_user, make_request, login,
                                                     upload, staging):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"a.txt": b"text\n"})
    (original,) = documents()
    response = upload_version(client, original.id, "a.txt", b"MZ\x90\x00" + b"\x00" * 100)
    assert response.status_code == 415 and "looks like a Windows program" in text_of(response.text)
    assert len(documents()) == 1 and staged_leftovers(staging) == []


def test_the_version_form_needs_a_file(client, make_user, make_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"a.txt": b"text\n"})
    (original,) = documents()
    response = upload_version(client, original.id, "", b"")
    assert response.status_code == 400 and "Choose the corrected file." in response.text


def test_numbers_taken_by_a_concurrent_upload_are_retried(client, make_user, make_request, login,
                                                          upload, monkeypatch):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"first.txt": b"first\n"})
    real_init = services._Numbering.__init__
    calls = []

    def stale_once(self, records_request):
        real_init(self, records_request)
        calls.append(self.last)
        if len(calls) == 1:
            self.last = 0  # as if read before the other upload committed its 001

    monkeypatch.setattr(services._Numbering, "__init__", stale_once)
    assert upload(request.id, {"second.txt": b"second\n"}).status_code == 302
    assert len(calls) == 2
    assert [d.exhibit_number for d in documents()] == [
        f"{request.reference}-001", f"{request.reference}-002"]


def test_a_number_clash_that_never_clears_is_not_hidden(make_user, make_request, monkeypatch):
    user = make_user()
    request = make_request(user)
    attempts = []

    def clash(*args):
        attempts.append(1)
        raise IntegrityError("insert", {}, Exception("duplicate key"))

    monkeypatch.setattr(services.db.session, "commit", clash)
    staged = document_store().stage()
    staged.write(b"bytes\n")
    incoming = inspect_upload([("a.txt", staged)], stage=document_store().stage,
                              limits=UploadLimits.from_config(current_app.config))
    with pytest.raises(IntegrityError):
        services.documents_upload(request=request, communication=None, actor=user,
                                  incoming=incoming)
    assert len(attempts) == 3
