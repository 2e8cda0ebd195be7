"""Uploading documents to a request: several types at once, archives, duplicates."""

import hashlib
import io
from PIL import Image

from foia_tracker.documents.models import ExtractionStatus
from foia_tracker.extensions import db
from foia_tracker.storage import document_store

from ..files import make_docx, make_eml, make_pdf, make_zip
from ..stores import read_stored
from .conftest import documents, stored_hashes, text_of


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_several_files_of_every_type_are_stored_at_once_with_their_facts(
        client, make_user, released_request, login, upload):
    user = login(make_user())
    request, release = released_request(user)
    pdf = make_pdf(["Contract with Amazon", "Rekognition pricing", "Signatures"])
    files = {
        "contract.pdf": pdf,
        "cover letter.eml": make_eml("Your records request", "Please find the records attached."),
        "policy.docx": make_docx(["Face recognition policy", "Section 2"]),
        "notes.txt": "Plain notes about the release — with accents: café\n".encode(),
        "scan.png": png(),
    }
    response = upload(request.id, files, communication_id=release.id)
    assert response.status_code == 302
    assert response.location.endswith(f"/requests/{request.id}#documents")

    stored = {d.original_name: d for d in documents()}
    assert set(stored) == set(files)
    assert {name: d.media_type for name, d in stored.items()} == {
        "contract.pdf": "application/pdf",
        "cover letter.eml": "message/rfc822",
        "policy.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "notes.txt": "text/plain",
        "scan.png": "image/png",
    }
    assert stored["contract.pdf"].page_count == 3
    assert all(d.page_count is None for n, d in stored.items() if n != "contract.pdf")
    for name, data in files.items():
        document = stored[name]
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert document.size_bytes == len(data)
        assert document.communication_id == release.id and document.uploaded_by_id == user.id
        assert document.uploaded_at is not None
        assert read_stored(document.sha256) == data
    assert sorted(d.exhibit_number for d in stored.values()) == [
        f"{request.reference}-{n:03d}" for n in range(1, 6)]
    assert stored["scan.png"].extraction_status is ExtractionStatus.skipped
    assert {stored[n].extraction_status for n in files if n != "scan.png"} == {
        ExtractionStatus.pending}
    # Only content-addressed names in the store, never the uploaded ones.
    assert stored_hashes() == sorted(
        hashlib.sha256(data).hexdigest() for data in files.values())

    page = text_of(client.get(f"/requests/{request.id}").text)
    assert f"{request.reference}-001" in page and "contract.pdf" in page
    assert "Final release of" in page and "Word document" in page


def test_a_zip_from_the_agency_is_kept_and_unpacked_with_its_paths(
        client, make_user, make_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    invoice = make_pdf(["Invoice 2026-17", "Total: $45,000"])
    archive = make_zip({"release/invoice.pdf": invoice, "release/emails/note.eml":
                        make_eml("Re: Rekognition", "Approved."), "README.txt": b"Index\n",
                        "release/": b"", "__MACOSX/release/._invoice.pdf": b"\x00\x05\x16\x07"})
    response = upload(request.id, {"release.zip": archive})
    assert response.status_code == 302

    by_name = {d.original_name: d for d in documents()}
    assert set(by_name) == {"release.zip", "invoice.pdf", "note.eml", "README.txt"}
    zip_document = by_name["release.zip"]
    assert zip_document.media_type == "application/zip" and zip_document.archive_id is None
    assert zip_document.extraction_status is ExtractionStatus.skipped
    members = [d for n, d in by_name.items() if n != "release.zip"]
    assert {(d.archive_path, d.archive_id) for d in members} == {
        ("release/invoice.pdf", zip_document.id), ("release/emails/note.eml", zip_document.id),
        ("README.txt", zip_document.id)}
    assert by_name["invoice.pdf"].page_count == 2
    assert by_name["invoice.pdf"].sha256 == hashlib.sha256(invoice).hexdigest()

    page = text_of(client.get(f"/documents/{zip_document.id}").text)
    assert "Files in this archive" in page and "release/emails/note.eml" in page
    member_page = text_of(client.get(f"/documents/{by_name['invoice.pdf'].id}").text)
    assert f"Unpacked from Exhibit {zip_document.exhibit_number} (release.zip)" in member_page


def test_the_same_bytes_twice_in_one_upload_are_stored_once(client, make_user, make_request,
                                                            login, upload):
    user = login(make_user())
    request = make_request(user)
    pdf = make_pdf(["One page"])
    response = upload(request.id, [("report.pdf", pdf), ("report copy.pdf", pdf)])
    assert response.status_code == 302
    assert [d.original_name for d in documents()] == ["report.pdf"]
    page = text_of(client.get(response.location).text)
    assert (f"report copy.pdf is the same file as report.pdf, stored once as Exhibit "
            f"{request.reference}-001.") in page


def test_bytes_the_organisation_already_has_link_to_where_they_are(
        client, make_user, make_request, login, upload):
    user = login(make_user())
    first, second = make_request(user), make_request(user)
    pdf = make_pdf(["The contract"])
    upload(first.id, {"report.pdf": pdf})
    existing = documents()[0]

    response = upload(second.id, {"renamed.pdf": pdf, "new.txt": b"New notes\n"})
    assert response.status_code == 302
    assert [d.original_name for d in documents()] == ["report.pdf", "new.txt"]
    page = client.get(response.location).text
    assert (f"renamed.pdf is already stored as Exhibit {existing.exhibit_number} "
            f"(request {first.reference})") in text_of(page)
    assert f'href="/documents/{existing.id}"' in page
    assert documents()[1].exhibit_number == f"{second.reference}-001"


def test_another_organisations_identical_bytes_are_not_revealed(
        client, make_user, make_request, login, upload, make_document):
    other = make_user()
    pdf = make_pdf(["Shared public policy"])
    theirs = make_document(make_request(other), pdf, name="their-copy.pdf")
    user = login(make_user())
    request = make_request(user)
    response = upload(request.id, {"policy.pdf": pdf})
    page = text_of(client.get(response.location).text)
    assert theirs.exhibit_number not in page and "already stored" not in page
    mine = [d for d in documents() if d.organisation_id == user.organisation_id]
    assert [d.exhibit_number for d in mine] == [f"{request.reference}-001"]


def test_a_deleted_documents_bytes_can_be_uploaded_again(client, make_user, make_request, login,
                                                         upload, make_document):
    from foia_tracker.db_types import utcnow

    user = login(make_user())
    request = make_request(user)
    data = b"Withdrawn memo\n"
    old = make_document(request, data, name="memo.txt", media_type="text/plain")
    old.deleted_at, old.deletion_reason = utcnow(), "uploaded to the wrong request"
    db.session.commit()
    assert upload(request.id, {"memo.txt": data}).status_code == 302
    assert [d.exhibit_number for d in documents()] == [
        f"{request.reference}-001", f"{request.reference}-002"]


def test_exhibit_numbers_continue_within_the_request(client, make_user, make_request, login,
                                                     upload):
    user = login(make_user())
    request = make_request(user)
    upload(request.id, {"a.txt": b"first\n"})
    upload(request.id, {"b.txt": b"second\n", "c.txt": b"third\n"})
    assert [d.exhibit_number for d in documents()] == [
        f"{request.reference}-{n:03d}" for n in (1, 2, 3)]


def test_a_broken_pdf_is_stored_without_a_page_count(client, make_user, make_request, login,
                                                     upload):
    user = login(make_user())
    request = make_request(user)
    broken = make_pdf(["Truncated"])[:200]
    assert upload(request.id, {"broken.pdf": broken}).status_code == 302
    (document,) = documents()
    assert document.media_type == "application/pdf" and document.page_count is None


def test_an_xlsx_is_recognised_from_its_content(client, make_user, make_request, login, upload):
    from openpyxl import Workbook

    user = login(make_user())
    request = make_request(user)
    workbook = Workbook()
    workbook.active.append(["Vendor", "Amount"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(request.id, {"purchases.bin": buffer.getvalue()}).status_code == 302
    (document,) = documents()
    assert document.media_type == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert document.extraction_status is ExtractionStatus.skipped


def test_the_upload_can_only_name_one_of_the_requests_own_timeline_entries(
        client, make_user, make_request, released_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    _, other_release = released_request(user)
    response = upload(request.id, {"a.txt": b"text\n"}, communication_id=other_release.id)
    assert response.status_code == 400 and "Not a valid choice" in response.text
    assert documents() == []
