"""Who may see, download, correct and delete documents; download headers; timeline removal."""

import hashlib
import io

import pytest
from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from ..conftest import csrf_token
from ..files import make_pdf
from .conftest import download, document_count, documents, post_multipart, text_of


@pytest.fixture
def their_document(make_user, make_request, make_document):
    """A document of another organisation."""
    return make_document(make_request(make_user()), make_pdf(["Secret"]), name="theirs.pdf")


def test_another_organisations_document_is_a_404_everywhere(
        client, make_user, make_request, login, their_document):
    user = login(make_user(Role.admin))
    own_request = make_request(user)
    token = csrf_token(client, f"/requests/{own_request.id}")
    document_id = their_document.id
    assert client.get(f"/documents/{document_id}").status_code == 404
    assert download(client, document_id).status_code == 404
    response = post_multipart(client, f"/documents/{document_id}/versions", {
        "csrf_token": token, "file": (io.BytesIO(b"fixed\n"), "fixed.txt")})
    assert response.status_code == 404
    response = client.post(f"/documents/{document_id}/delete",
                           data={"csrf_token": token, "reason": "mine now"})
    assert response.status_code == 404
    assert document_count() == 1 and db.session.get(Document, document_id).deleted_at is None


def test_nobody_can_upload_to_another_organisations_request(
        client, make_user, make_request, released_request, login, upload):
    other = make_user()
    their_request, their_release = released_request(other)
    user = login(make_user())
    own = make_request(user)
    token = csrf_token(client, f"/requests/{own.id}")
    response = post_multipart(client, f"/requests/{their_request.id}/documents", {
        "csrf_token": token, "files": [(io.BytesIO(b"planted\n"), "planted.txt")]})
    assert response.status_code == 404
    response = upload(own.id, {"planted.txt": b"planted\n"}, communication_id=their_release.id)
    assert response.status_code == 400
    assert document_count() == 0


def test_a_viewer_can_read_but_not_upload(client, make_user, make_request, login, make_document):
    editor = make_user()
    request = make_request(editor)
    document = make_document(request, b"notes\n", name="notes.txt", media_type="text/plain")
    login(make_user(Role.viewer, organisation=editor.organisation))
    page = client.get(f"/requests/{request.id}").text
    assert "notes.txt" in page and "Upload documents" not in page
    assert download(client, document.id).status_code == 200
    token = csrf_token(client, f"/documents/{document.id}")
    response = post_multipart(client, f"/requests/{request.id}/documents", {
        "csrf_token": token, "files": [(io.BytesIO(b"more\n"), "more.txt")]})
    assert response.status_code == 403
    response = post_multipart(client, f"/documents/{document.id}/versions", {
        "csrf_token": token, "file": (io.BytesIO(b"fixed\n"), "fixed.txt")})
    assert response.status_code == 403
    assert document_count() == 1


def test_the_download_is_an_attachment_with_the_detected_type_and_safe_headers(
        client, make_user, make_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    pdf = make_pdf(["Signed contract"])
    upload(request.id, {"Vertrag März.pdf": pdf})
    (document,) = documents()
    response = download(client, document.id)
    assert response.status_code == 200 and response.data == pdf
    assert hashlib.sha256(response.data).hexdigest() == document.sha256
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"Vertrag Marz.pdf\"; filename*=UTF-8''Vertrag%20M%C3%A4rz.pdf")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox"


def test_an_html_file_is_served_as_text_never_as_a_page(client, make_user, make_request, login,
                                                         upload):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"page.html": b"<html><script>alert(1)</script></html>\n"})
    (document,) = documents()
    response = download(client, document.id)
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Security-Policy"] == "sandbox"


def delete(client, document_id, reason):
    token = csrf_token(client, f"/documents/{document_id}")
    return client.post(f"/documents/{document_id}/delete",
                       data={"csrf_token": token, "reason": reason})


def test_only_an_admin_deletes_with_a_reason_and_the_deletion_is_audited(
        client, make_user, make_request, login, make_document):
    editor = make_user()
    request = make_request(editor)
    document = make_document(request, make_pdf(["Wrong request"]), name="misfiled.pdf")
    login(editor)
    assert "Delete this document" not in client.get(f"/documents/{document.id}").text
    assert delete(client, document.id, "wrong request").status_code == 403

    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    admin = login(make_user(Role.admin, organisation=editor.organisation))
    response = delete(client, document.id, "   ")
    assert response.status_code == 400 and "This field is required." in response.text
    response = delete(client, document.id, "Uploaded to the wrong request")
    assert response.status_code == 302

    db.session.expire_all()
    deleted = db.session.get(Document, document.id)
    assert deleted.deleted_at is not None and deleted.deleted_by_id == admin.id
    assert deleted.deletion_reason == "Uploaded to the wrong request"
    event = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "Document", AuditEvent.action == "changed")).one()
    assert event.reason == "Uploaded to the wrong request" and event.actor_id == admin.id
    assert "deleted_at" in event.changes
    # The bytes stay; the admin still sees the document, marked deleted with the reason.
    page = text_of(client.get(f"/documents/{document.id}").text)
    assert "Uploaded to the wrong request" in page and "Deleted on" in page
    assert download(client, document.id).status_code == 200
    assert "misfiled.pdf" not in client.get(f"/requests/{request.id}").text


def test_a_deleted_document_is_gone_for_everyone_but_admins(
        client, make_user, make_request, login, make_document):
    from foia_tracker.db_types import utcnow

    editor = make_user()
    request = make_request(editor)
    document = make_document(request, b"gone\n", name="gone.txt", media_type="text/plain")
    document.deleted_at, document.deletion_reason = utcnow(), "duplicate scan"
    db.session.commit()
    login(editor)
    assert client.get(f"/documents/{document.id}").status_code == 404
    assert download(client, document.id).status_code == 404
    assert "gone.txt" not in client.get(f"/requests/{request.id}").text


def test_a_communication_with_documents_cannot_be_removed(client, make_user, released_request,
                                                          login, upload):
    user = login(make_user())
    request, release = released_request(user)
    upload(request.id, {"release.pdf": make_pdf(["Records"])}, communication_id=release.id)
    token = csrf_token(client, f"/requests/{request.id}")
    response = client.post(f"/requests/{request.id}/communications/{release.id}/delete",
                           data={"csrf_token": token})
    assert response.status_code == 409
    assert (f"1 document(s) came with this final release ({request.reference}-001); it cannot be "
            "removed") in text_of(response.text)
    db.session.expire_all()
    assert documents()[0].communication_id == release.id
    assert release.id in [c.id for c in db.session.get(type(request), request.id).communications]
