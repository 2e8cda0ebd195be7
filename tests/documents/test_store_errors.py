"""Reading stored documents back: whole, in ranges, or a clear status when the bytes are gone."""

from sqlalchemy import select

from foia_tracker.documents.models import Document, ExtractionStatus
from foia_tracker.extensions import db

from ..files import make_pdf
from ..stores import remove_stored
from .conftest import download, text_of


def test_a_document_whose_bytes_are_gone_is_a_410_saying_so(client, make_user, make_request,
                                                           make_document, login):
    user = login(make_user())
    document = make_document(make_request(user), make_pdf(["Contract"]))
    remove_stored(document.sha256)
    response = download(client, document.id)
    assert response.status_code == 410
    assert f"The stored file {document.sha256} is missing" in text_of(response.text)


def test_a_missing_object_fails_its_extraction_with_a_message(make_user, make_request,
                                                              make_document, runner):
    document = make_document(make_request(make_user()), make_pdf(["Contract"]))
    remove_stored(document.sha256)
    result = runner.invoke(args=["extract-documents"])
    assert "1 failed" in result.output
    db.session.expire_all()
    row = db.session.scalar(select(Document))
    assert row.extraction_status is ExtractionStatus.failed
    assert "missing" in row.extraction_error


def test_a_download_streams_the_whole_file_and_answers_a_range(client, make_user, make_request,
                                                               make_document, login):
    user = login(make_user())
    data = make_pdf(["Contract"] * 20)
    document = make_document(make_request(user), data)
    response = download(client, document.id)
    assert response.status_code == 200 and response.get_data() == data
    assert response.headers["Content-Length"] == str(len(data))
    ranged = client.get(f"/documents/{document.id}/download", headers={"Range": "bytes=100-199"})
    assert ranged.status_code == 206 and ranged.get_data() == data[100:200]
    ranged.close()
    unchanged = client.get(f"/documents/{document.id}/download",
                           headers={"If-None-Match": f'"{document.sha256}"'})
    assert unchanged.status_code == 304
    unchanged.close()
