"""OCR on the document page, the searchable copy, running OCR again, and the languages setting."""

import hashlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.extensions import db
from foia_tracker.ocr.models import OcrSetting
from foia_tracker.ocr.status import OcrStatus
from foia_tracker.storage import document_store
from foia_tracker.users.models import Role

from ..conftest import csrf_token
from .conftest import needs_tesseract
from .scans import CONTRACT, page_image, scanned_pdf

pytestmark = needs_tesseract


def scanned_document(records_request, make_document, process):
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT)]),
                             name="contract.pdf")
    process()
    return document


def test_the_document_page_shows_the_outcome_and_the_copy_is_searchable(
        client, login, editor, records_request, make_document, process):
    document = scanned_document(records_request, make_document, process)
    original = document.sha256, document.exhibit_number
    login(editor)
    page = client.get(f"/documents/{document.id}")
    assert "OCR read 1 page without text of their own, in English" in page.text
    assert "Download searchable copy" in page.text and "PDF/A" in page.text
    assert document.is_searchable_pdfa
    copy = client.get(f"/documents/{document.id}/searchable.pdf")
    assert copy.status_code == 200 and copy.mimetype == "application/pdf"
    assert hashlib.sha256(copy.data).hexdigest() == document.searchable_sha256
    assert "Clearview" in PdfReader(io.BytesIO(copy.data)).pages[0].extract_text()
    # The evidence is untouched: same bytes, same hash, same exhibit number.
    with document_store().open(document.sha256) as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == original[0]
    assert (document.sha256, document.exhibit_number) == original
    search = client.get("/search?q=Clearview")
    assert 'class="badge hit-ocr"' in search.text


def test_another_organisation_gets_404_for_the_copy_and_the_rerun(
        client, login, make_user, records_request, make_document, process):
    document = scanned_document(records_request, make_document, process)
    login(make_user(Role.editor))
    assert client.get(f"/documents/{document.id}/searchable.pdf").status_code == 404
    token = csrf_token(client, "/search")
    response = client.post(f"/documents/{document.id}/ocr",
                           data={"csrf_token": token, "language": "eng"})
    assert response.status_code == 404


def test_an_editor_runs_ocr_again_audited_and_a_viewer_cannot(
        client, login, editor, make_user, records_request, make_document, process):
    document = scanned_document(records_request, make_document, process)
    viewer = make_user(Role.viewer, organisation=editor.organisation)
    login(viewer)
    assert client.get(f"/documents/{document.id}/searchable.pdf").status_code == 200
    assert "Run OCR again" not in client.get(f"/documents/{document.id}").text
    token = csrf_token(client, "/search")
    assert client.post(f"/documents/{document.id}/ocr", data={
        "csrf_token": token, "language": "eng"}).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/search")})
    login(editor)
    token = csrf_token(client, f"/documents/{document.id}")
    assert client.post(f"/documents/{document.id}/ocr", data={
        "csrf_token": token, "language": "fra"}).status_code == 422
    assert client.post(f"/documents/{document.id}/ocr", data={"language": "eng"}).status_code == 400
    response = client.post(f"/documents/{document.id}/ocr", data={
        "csrf_token": token, "language": "eng"})
    assert response.status_code == 302
    db.session.expire_all()
    assert document.ocr_status is OcrStatus.pending and document.searchable_sha256 is None
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "Document", AuditEvent.object_id == document.id)
        .order_by(AuditEvent.id.desc()).limit(1))
    assert event.changes["ocr_status"] == ["done", "pending"]
    assert event.reason == "OCR run again in English" and event.actor_id == editor.id
    process()
    assert document.ocr_status is OcrStatus.done and document.searchable_sha256


def test_an_admin_adds_spanish_and_editors_can_choose_it(client, login, make_user, editor):
    admin = make_user(Role.admin, organisation=editor.organisation)
    login(editor)
    token = csrf_token(client, "/search")
    assert client.post("/admin/ocr-languages", data={
        "csrf_token": token, "is_spanish": "y"}).status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/search")})
    login(admin)
    token = csrf_token(client, "/admin/settings")
    assert client.post("/admin/ocr-languages", data={"is_spanish": "y"}).status_code == 400
    response = client.post("/admin/ocr-languages", data={"csrf_token": token, "is_spanish": "y"})
    assert response.status_code == 302
    setting = db.session.get(OcrSetting, editor.organisation_id)
    assert setting.languages == "eng+spa"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "OcrSetting"))
    assert "checked> Also read Spanish" in client.get("/admin/settings").text


def test_verify_documents_checks_the_searchable_copy(
        app, runner, records_request, make_document, process):
    document = scanned_document(records_request, make_document, process)
    result = runner.invoke(args=["verify-documents"])
    assert result.exit_code == 0 and "all intact" in result.output
    copy = Path(app.config["DOCUMENTS_PATH"]) / "derived" / document.sha256 / f"searchable-d{document.id}.pdf"
    copy.write_bytes(copy.read_bytes() + b"%tampered\n")
    result = runner.invoke(args=["verify-documents"])
    assert result.exit_code == 1
    assert f"CHANGED searchable copy {document.searchable_sha256}: exhibit " \
           f"{document.exhibit_number}" in result.output


def test_without_tesseract_the_document_page_says_so(
        client, login, editor, records_request, make_document, process, monkeypatch, tmp_path):
    document = make_document(records_request, scanned_pdf([page_image(CONTRACT)]))
    monkeypatch.setenv("PATH", str(tmp_path))
    process()
    login(editor)
    page = client.get(f"/documents/{document.id}")
    assert page.status_code == 200
    assert "OCR is not available on this server" in page.text


def test_the_document_page_shows_pages_done_of_pages_while_ocr_runs(
        client, login, editor, records_request, make_document):
    from datetime import datetime, timezone

    from foia_tracker.documents.extraction import extraction_run
    from foia_tracker.ocr.planning import plan_waiting
    from foia_tracker.ocr.worker import _settle, page_claim

    document = make_document(records_request, scanned_pdf([None, None, None]))
    extraction_run()
    now = datetime.now(timezone.utc)
    plan_waiting(now=now)
    claim = page_claim(now=now, stale_before=now)
    _settle(claim, "done", "")
    db.session.commit()
    login(editor)
    page = client.get(f"/documents/{document.id}")
    assert "Reading scanned pages in English: 1 of 3 pages done" in page.text
    assert '<progress max="3" value="1">' in page.text
    assert '<meta name="foia-live-seconds"' in page.text  # it updates itself


@pytest.mark.parametrize("documents_backend", ["s3"])
def test_on_object_storage_the_copy_is_kept_and_downloaded(
        client, login, editor, records_request, make_document, process, runner):
    document = scanned_document(records_request, make_document, process)
    assert document.ocr_status is OcrStatus.done and document.searchable_sha256
    login(editor)
    copy = client.get(f"/documents/{document.id}/searchable.pdf")
    assert hashlib.sha256(copy.data).hexdigest() == document.searchable_sha256
    result = runner.invoke(args=["verify-documents"])
    assert result.exit_code == 0 and "Checked 2 stored files" in result.output
