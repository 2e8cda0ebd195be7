"""Back up a small instance, wipe it, restore it, and prove every document byte came back."""

import hashlib
from pathlib import Path

from sqlalchemy import func, select

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from tests.conftest import on_both_stores as pytest_generate_tests  # noqa: F401
from tests.files import make_docx, make_eml, make_pdf
from tests.stores import read_stored, remove_all_stored


def _instance_with_documents(make_user, make_request, make_document):
    user = make_user()
    first, second = make_request(user), make_request(user, title="Licence-plate readers")
    files = {
        "contract.pdf": make_pdf(["Master services agreement", "Amazon Rekognition, $12,500"]),
        "cover.eml": make_eml("Your records request", "Please find the records attached."),
        "memo.docx": make_docx(["Internal memo on the ALPR pilot."]),
    }
    make_document(first, files["contract.pdf"], name="contract.pdf", page_count=2)
    make_document(first, files["cover.eml"], name="cover.eml", media_type="message/rfc822")
    make_document(second, files["memo.docx"], name="memo.docx",
                  media_type="application/vnd.openxmlformats-officedocument"
                             ".wordprocessingml.document")
    return {hashlib.sha256(data).hexdigest(): data for data in files.values()}


def _counts():
    return (db.session.scalar(select(func.count()).select_from(RecordsRequest)),
            db.session.scalar(select(func.count()).select_from(Document)))


def test_backup_wipe_and_restore_brings_back_every_row_and_document_byte(
        app, runner, tmp_path, make_user, make_request, make_document):
    originals = _instance_with_documents(make_user, make_request, make_document)
    counts_before = _counts()
    exhibits_before = sorted(db.session.scalars(select(Document.exhibit_number)))
    destination = tmp_path / "backup-2026-11-26"

    result = runner.invoke(args=["backup", str(destination)])
    assert result.exit_code == 0, result.output
    assert "3 document files" in result.output

    # Wipe: every table and every stored document.
    db.session.remove()
    db.drop_all()
    remove_all_stored()
    db.engine.dispose()

    result = runner.invoke(args=["restore", "--yes", str(destination)])
    assert result.exit_code == 0, result.output
    assert "Every stored document file matches its SHA-256." in result.output

    assert _counts() == counts_before
    assert sorted(db.session.scalars(select(Document.exhibit_number))) == exhibits_before
    for document in db.session.scalars(select(Document)):
        stored = read_stored(document.sha256)
        assert hashlib.sha256(stored).hexdigest() == document.sha256
        assert stored == originals[document.sha256]


def test_a_damaged_file_in_the_backup_is_reported_and_fails_the_restore(
        app, runner, tmp_path, make_user, make_request, make_document):
    _instance_with_documents(make_user, make_request, make_document)
    destination = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(destination)]).exit_code == 0
    damaged = next(path for path in (destination / "documents").glob("??/??/*"))
    damaged.chmod(0o640)
    damaged.write_bytes(b"not what the agency sent")
    remove_all_stored()
    db.session.remove()
    db.engine.dispose()

    result = runner.invoke(args=["restore", "--yes", str(destination)])

    assert result.exit_code == 1
    assert f"DAMAGED: stored file {damaged.name}" in result.output


def test_backup_never_overwrites_and_restore_refuses_a_folder_that_is_not_a_backup(
        app, runner, tmp_path):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "something").write_text("keep me")
    result = runner.invoke(args=["backup", str(occupied)])
    assert result.exit_code != 0
    assert "is not empty" in result.output
    assert (occupied / "something").read_text() == "keep me"

    result = runner.invoke(args=["restore", "--yes", str(occupied)])
    assert result.exit_code != 0
    assert "not a foia-tracker backup" in result.output


def test_restore_asks_before_replacing_the_database(app, runner, tmp_path):
    destination = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(destination)]).exit_code == 0
    result = runner.invoke(args=["restore", str(destination)], input="n\n")
    assert result.exit_code != 0
    assert "Aborted" in result.output
    assert Path(destination / "backup.json").is_file()
