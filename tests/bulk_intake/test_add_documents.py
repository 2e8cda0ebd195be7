"""add-documents: a production on disk stored as a browser upload would store it."""

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.documents.models import Document, ExtractionStatus
from foia_tracker.extensions import db
from foia_tracker.storage import document_store
from foia_tracker.users.models import Role

from ..files import make_eml, make_pdf, make_zip
from ..stores import read_stored

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def documents() -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(select(Document).order_by(Document.id)))


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def production(tmp_path) -> Path:
    """A disc from an agency: letters, a nested folder, an archive, a copy, a program."""
    root = tmp_path / "production"
    write(root / "01-cover-letter.pdf", make_pdf(["Cover letter from the records unit."]))
    write(root / "contracts" / "2025" / "clearview.pdf",
          make_pdf(["Contract", "Clearview AI licence for the sheriff's office."]))
    write(root / "contracts" / "email.eml", make_eml("Renewal", "Please renew the licence."))
    write(root / "invoices.zip", make_zip({"inv/001.pdf": make_pdf(["Invoice 001"]),
                                           "inv/002.pdf": make_pdf(["Invoice 002"])}))
    write(root / "copy-of-cover.pdf", (root / "01-cover-letter.pdf").read_bytes())
    write(root / "viewer.exe", ELF)
    return root


def test_a_folder_is_stored_recursively_with_one_json_line_per_file(
        add_documents, make_user, released_request, production):
    editor = make_user()
    request, release = released_request(editor)
    code, lines, _ = add_documents(request.reference, production, actor=editor,
                                   came_with=release.id)

    by_path = {Path(line["path"]).relative_to(production).as_posix(): line for line in lines}
    assert list(by_path) == [
        "01-cover-letter.pdf", "contracts/2025/clearview.pdf", "contracts/email.eml",
        "copy-of-cover.pdf", "invoices.zip", "invoices.zip/inv/001.pdf", "invoices.zip/inv/002.pdf",
        "viewer.exe"]
    assert all(set(line) == {"path", "status", "exhibit", "message"} for line in lines)
    ref = request.reference
    assert by_path["01-cover-letter.pdf"]["status"] == "stored"
    assert by_path["01-cover-letter.pdf"]["exhibit"] == f"{ref}-001"
    assert by_path["copy-of-cover.pdf"] == {
        "path": str(production / "copy-of-cover.pdf"), "status": "duplicate",
        "exhibit": f"{ref}-001",
        "message": f"copy-of-cover.pdf is already stored as Exhibit {ref}-001 (request {ref})."}
    assert [by_path[p]["exhibit"] for p in ("invoices.zip", "invoices.zip/inv/001.pdf",
                                            "invoices.zip/inv/002.pdf")] == \
        [f"{ref}-004", f"{ref}-005", f"{ref}-006"]
    refused = by_path["viewer.exe"]
    assert refused["status"] == "refused" and refused["exhibit"] is None
    assert "viewer.exe looks like a Linux program (ELF), which is not accepted" in \
        refused["message"]
    assert code == 1  # one file was refused; the others are stored all the same

    stored = documents()
    assert [d.original_name for d in stored] == [
        "01-cover-letter.pdf", "clearview.pdf", "email.eml", "invoices.zip", "001.pdf", "002.pdf"]
    assert {d.uploaded_by_id for d in stored} == {editor.id}
    assert {d.communication_id for d in stored} == {release.id}
    clearview = stored[1]
    assert (clearview.media_type, clearview.page_count) == ("application/pdf", 2)
    assert clearview.extraction_status == ExtractionStatus.pending
    assert read_stored(clearview.sha256) == \
        (production / "contracts/2025/clearview.pdf").read_bytes()
    assert stored[4].archive_id == stored[3].id and stored[4].archive_path == "inv/001.pdf"
    assert not list(document_store().staging_dir.iterdir())


def test_each_stored_document_is_audited_as_created_by_the_given_user(
        add_documents, make_user, make_request, tmp_path):
    editor = make_user()
    request = make_request(editor)
    letter = write(tmp_path / "letter.pdf", make_pdf(["A letter"]))
    code, [line], _ = add_documents(request.reference, letter, actor=editor)
    assert code == 0
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "Document"))
    assert (event.action, event.actor_id, event.organisation_id) == \
        ("created", editor.id, editor.organisation_id)
    assert event.changes["exhibit_number"] == [None, line["exhibit"]]
    assert event.changes["original_name"] == [None, "letter.pdf"]


def test_running_again_reports_duplicates_and_exits_0(add_documents, make_user, make_request,
                                                      tmp_path):
    editor = make_user()
    request = make_request(editor)
    folder = tmp_path / "release"
    write(folder / "a.pdf", make_pdf(["Page A"]))
    write(folder / "b.txt", b"Plain text notes from the agency.\n")
    first_code, first, _ = add_documents(request.reference, folder, actor=editor)
    again_code, again, _ = add_documents(request.reference, folder, actor=editor)
    assert first_code == again_code == 0
    assert [line["status"] for line in first] == ["stored", "stored"]
    assert [line["status"] for line in again] == ["duplicate", "duplicate"]
    assert [line["exhibit"] for line in again] == [line["exhibit"] for line in first]
    assert len(documents()) == 2


def test_same_bytes_twice_in_one_archive_are_stored_once(add_documents, make_user, make_request,
                                                         tmp_path):
    editor = make_user()
    request = make_request(editor)
    page = make_pdf(["The same page"])
    archive = write(tmp_path / "set.zip", make_zip({"a.pdf": page, "copy/a.pdf": page}))
    code, lines, _ = add_documents(request.reference, archive, actor=editor)
    assert code == 0
    assert [(line["status"], line["exhibit"]) for line in lines] == [
        ("stored", f"{request.reference}-001"), ("stored", f"{request.reference}-002"),
        ("duplicate", f"{request.reference}-002")]
    assert lines[2]["message"] == (f"a.pdf is the same file as a.pdf, stored once as Exhibit "
                                   f"{request.reference}-002.")


def test_a_name_not_in_utf8_is_stored_readable_and_its_path_given_exactly(
        add_documents, make_user, make_request, tmp_path):
    editor = make_user()
    request = make_request(editor)
    folder = tmp_path / "old-disc"
    folder.mkdir()
    latin1 = os.path.join(os.fsencode(folder), b"caf\xe9.pdf")  # as an old Windows disc names it
    with open(latin1, "wb") as handle:
        handle.write(make_pdf(["Minutes"]))
    code, [line], _ = add_documents(request.reference, folder, actor=editor)
    assert code == 0 and line["status"] == "stored"
    assert os.fsencode(line["path"]) == latin1  # a script can find the file it names
    assert [d.original_name for d in documents()] == ["caf\ufffd.pdf"]


def test_a_file_over_the_upload_limit_is_refused_and_nothing_of_it_kept(
        app, add_documents, make_user, make_request, tmp_path):
    app.config["UPLOAD_MAX_FILE_BYTES"] = 50_000
    editor = make_user()
    request = make_request(editor)
    big = write(tmp_path / "scan.txt", b"a line of a long transcript\n" * 4000)
    small = write(tmp_path / "note.txt", b"short\n")
    code, lines, _ = add_documents(request.reference, big, small, actor=editor)
    assert code == 1
    assert lines[0]["status"] == "refused"
    assert lines[0]["message"].startswith("scan.txt is larger than the limit of 48.8 KB per file")
    assert lines[1]["status"] == "stored"
    assert [d.original_name for d in documents()] == ["note.txt"]
    assert not list(document_store().staging_dir.iterdir())


def test_a_zip_bomb_is_refused_whole(app, add_documents, make_user, make_request, tmp_path):
    app.config["ARCHIVE_RATIO_MIN_BYTES"] = 1024
    editor = make_user()
    request = make_request(editor)
    bomb = write(tmp_path / "bomb.zip", make_zip({"zeros.txt": b"0" * 5_000_000}))
    code, [line], _ = add_documents(request.reference, bomb, actor=editor)
    assert code == 1 and line["status"] == "refused"
    assert "which only a zip bomb does" in line["message"]
    assert documents() == []
    assert not list(document_store().staging_dir.iterdir())


def test_the_organisation_quota_applies(app, add_documents, make_user, make_request, tmp_path):
    app.config["ORGANISATION_QUOTA_BYTES"] = 2000
    editor = make_user()
    request = make_request(editor)
    first = write(tmp_path / "a.txt", b"x" * 1500 + b"\n")
    second = write(tmp_path / "b.txt", b"y" * 1500 + b"\n")
    code, lines, _ = add_documents(request.reference, first, second, actor=editor)
    assert code == 1
    assert [line["status"] for line in lines] == ["stored", "refused"]
    assert "over its quota" in lines[1]["message"]


def test_links_and_special_files_are_refused_never_followed(
        add_documents, make_user, make_request, tmp_path):
    editor = make_user()
    request = make_request(editor)
    outside = tmp_path / "outside"
    write(outside / "secret.pdf", make_pdf(["Not part of the production"]))
    folder = tmp_path / "release"
    write(folder / "real.pdf", make_pdf(["Released page"]))
    (folder / "to-file.pdf").symlink_to(outside / "secret.pdf")
    (folder / "to-folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "pipe")
    given_link = tmp_path / "given-link.pdf"
    given_link.symlink_to(outside / "secret.pdf")

    code, lines, _ = add_documents(request.reference, folder, given_link,
                                   tmp_path / "missing.pdf", actor=editor)
    assert code == 1
    outcome = {Path(line["path"]).name: (line["status"], line["message"]) for line in lines}
    assert outcome["real.pdf"][0] == "stored"
    for link in (folder / "to-file.pdf", folder / "to-folder", given_link):
        assert outcome[link.name] == (
            "refused", f"{link} is a symbolic link; links are not followed.")
    assert outcome["pipe"][0] == "refused" and "not a regular file" in outcome["pipe"][1]
    assert outcome["missing.pdf"] == ("refused", f"{tmp_path / 'missing.pdf'} does not exist.")
    assert [d.original_name for d in documents()] == ["real.pdf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_refused(add_documents, make_user, make_request, tmp_path):
    editor = make_user()
    request = make_request(editor)
    locked = write(tmp_path / "locked.pdf", make_pdf(["Locked"]))
    locked.chmod(0)
    code, [line], _ = add_documents(request.reference, locked, actor=editor)
    assert code == 1
    assert line["message"] == f"{locked} cannot be read: permission denied."
    assert documents() == []


@pytest.mark.parametrize("case", ["reference", "user", "other organisation", "viewer",
                                  "deactivated", "communication", "no actor"])
def test_a_wrong_request_user_or_timeline_entry_stores_nothing(
        case, add_documents, make_user, make_request, released_request, tmp_path):
    editor = make_user()
    request = make_request(editor)
    _, other_release = released_request(make_user(organisation=editor.organisation))
    letter = write(tmp_path / "letter.pdf", make_pdf(["A letter"]))
    reference, actor, came_with = request.reference, editor, None
    if case == "reference":
        reference = request.reference[:-1] + "9"
    elif case == "user":
        actor = "nobody@example.org"
    elif case == "other organisation":
        actor = make_user()
    elif case == "viewer":
        actor = make_user(role=Role.viewer, organisation=editor.organisation)
    elif case == "deactivated":
        actor = make_user(organisation=editor.organisation)
        actor.is_active_account = False
        db.session.commit()
    elif case == "communication":
        came_with = other_release.id
    elif case == "no actor":
        actor = None
    code, lines, stderr = add_documents(reference, letter, actor=actor, came_with=came_with)
    assert code == 2 and lines == []
    expected = {
        "reference": f"There is no request '{reference}'",
        "user": "There is no user 'nobody@example.org'.",
        "other organisation": f"is not a member of {editor.organisation.name}",
        "viewer": "is a viewer; adding documents needs an editor or an admin.",
        "deactivated": "account is not active",
        "communication": f"Communication {came_with} is not on the timeline of request "
                         f"{request.reference}.",
        "no actor": "Say who is adding the documents with --as EMAIL"}[case]
    assert expected in stderr and "Nothing was read." in stderr.replace("nothing", "Nothing")
    assert documents() == []
