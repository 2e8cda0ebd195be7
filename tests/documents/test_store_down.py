"""An object store that stops answering, or has no such bucket: clear messages, nothing half-saved.

Each test runs its own S3-compatible server, so it can stop it.
"""

import pytest
from sqlalchemy import select

from foia_tracker.documents.models import Document, ExtractionStatus
from foia_tracker.extensions import db

from ..files import make_pdf
from ..s3 import new_bucket, start_moto, stop
from .conftest import document_count, download, staged_leftovers, text_of
from .test_versions import upload_version

UNREACHABLE = "The document store is not reachable"


@pytest.fixture
def store_server(s3_server, tmp_path):
    """A server of the test's own (s3_server sets the test credentials); stop() it at will."""
    server, url = start_moto(tmp_path)
    yield server, url
    if server.poll() is None:
        stop(server)


@pytest.fixture
def documents_config(store_server, tmp_path) -> dict:
    _, url = store_server
    return {"DOCUMENTS_PATH": str(tmp_path / "instance" / "documents"),
            "DOCUMENTS_STAGING_PATH": str(tmp_path / "instance" / "staging"),
            "DOCUMENTS_URL": f"s3://{new_bucket(url)}/evidence", "S3_ENDPOINT_URL": url,
            "S3_REGION": "us-east-1"}


@pytest.fixture
def stop_store(store_server):
    return lambda: stop(store_server[0])


def test_an_upload_while_the_store_is_down_is_a_503_and_saves_nothing(
        make_user, make_request, login, upload, staging, stop_store):
    user = login(make_user())
    request = make_request(user)
    stop_store()
    response = upload(request.id, {"contract.pdf": make_pdf(["Contract"])})
    assert response.status_code == 503
    page = text_of(response.text)
    assert UNREACHABLE in page and "Nothing of this upload was saved" in page
    assert document_count() == 0 and staged_leftovers(staging) == []


def test_a_corrected_copy_while_the_store_is_down_is_a_503_and_saves_nothing(
        client, make_user, make_request, make_document, login, stop_store):
    user = login(make_user())
    original = make_document(make_request(user), make_pdf(["Contract v1"]), name="contract.pdf")
    stop_store()
    response = upload_version(client, original.id, "contract-v2.pdf", make_pdf(["Contract v2"]))
    assert response.status_code == 503
    assert UNREACHABLE in text_of(response.text)
    assert document_count() == 1


def test_a_download_while_the_store_is_down_is_a_503_page(client, make_user, make_request,
                                                          make_document, login, stop_store):
    user = login(make_user())
    document = make_document(make_request(user), make_pdf(["Contract"]))
    stop_store()
    response = download(client, document.id)
    assert response.status_code == 503
    assert UNREACHABLE in text_of(response.text) and "Traceback" not in response.text


def test_extraction_waits_for_the_store_to_come_back(make_user, make_request, make_document,
                                                     runner, stop_store):
    make_document(make_request(make_user()), make_pdf(["Contract"]))
    stop_store()
    result = runner.invoke(args=["extract-documents"])
    assert UNREACHABLE in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Document.extraction_status)) is ExtractionStatus.pending


def test_verify_documents_and_backup_say_the_store_is_down(make_user, make_request,
                                                           make_document, runner, stop_store,
                                                           tmp_path):
    make_document(make_request(make_user()), make_pdf(["Contract"]))
    stop_store()
    verify = runner.invoke(args=["verify-documents"])
    assert verify.exit_code == 1 and UNREACHABLE in verify.output
    backup = runner.invoke(args=["backup", str(tmp_path / "backup")])
    assert backup.exit_code == 1 and UNREACHABLE in backup.output


def test_a_bucket_that_does_not_exist_is_named_in_the_message(
        app, make_user, make_request, login, upload):
    app.config["DOCUMENTS_URL"] = "s3://no-such-bucket/evidence"
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"contract.pdf": make_pdf(["Contract"])})
    assert response.status_code == 503
    assert "The document store has no bucket named 'no-such-bucket'" in text_of(response.text)
    assert document_count() == 0
