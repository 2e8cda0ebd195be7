"""Back up a small instance, wipe it, restore it, and prove every document byte came back."""

import hashlib
import json
import subprocess
from pathlib import Path

import flask_migrate
from sqlalchemy import func, select

from foia_tracker import create_app
from foia_tracker.backup.schema import migration_scripts, database_revision, head_revision
from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from tests.conftest import on_both_stores as pytest_generate_tests  # noqa: F401
from tests.files import make_docx, make_eml, make_pdf
from tests.stores import overwrite_stored, read_stored, remove_all_stored


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


def _manifest(destination: Path) -> dict:
    return json.loads((destination / "backup.json").read_text())


def test_a_backup_made_at_the_previous_migration_restores_and_upgrades_to_head(
        app, tmp_path, documents_config, make_user, make_request, make_document):
    # An instance of the previous release: its schema built by the migrations, not create_all.
    old = create_app({"TESTING": True, "SECRET_KEY": "test-secret", **documents_config,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}"})
    runner = old.test_cli_runner()
    destination = tmp_path / "backup-of-the-previous-release"
    with old.app_context():
        flask_migrate.upgrade()
        originals = _instance_with_documents(make_user, make_request, make_document)
        previous = migration_scripts().get_revision(head_revision()).down_revision
        db.session.remove()
        flask_migrate.downgrade(revision=previous)
        assert database_revision(old.config["SQLALCHEMY_DATABASE_URI"]) == previous
        result = runner.invoke(args=["backup", str(destination)])
        assert result.exit_code == 0, result.output
        assert _manifest(destination)["schema_revision"] == previous
        assert _manifest(destination)["app_version"]

        db.engine.dispose()
        (tmp_path / "old.sqlite").unlink()
        remove_all_stored()
        result = runner.invoke(args=["restore", "--yes", str(destination)])
        assert result.exit_code == 0, result.output
        assert f"schema ({previous}) is upgraded to this release's ({head_revision()})" \
            in result.output
        assert database_revision(old.config["SQLALCHEMY_DATABASE_URI"]) == head_revision()
        documents = db.session.scalars(select(Document)).all()
        assert {document.sha256 for document in documents} == set(originals)
        for document in documents:
            assert read_stored(document.sha256) == originals[document.sha256]
            assert not document.is_text_cut, "the newer column is there, with its default"
        db.session.remove()
        db.engine.dispose()


def test_a_backup_from_a_newer_release_is_refused_and_nothing_is_replaced(
        app, runner, tmp_path, make_user, make_request, make_document):
    _instance_with_documents(make_user, make_request, make_document)
    destination = tmp_path / "backup"
    assert runner.invoke(args=["backup", str(destination)]).exit_code == 0
    manifest = _manifest(destination)
    manifest.update(schema_revision="0099_from_the_future", app_version="v9.0")
    (destination / "backup.json").write_text(json.dumps(manifest))
    make_request(make_user(), title="Written after the backup")
    counts = _counts()
    db.session.remove()
    db.engine.dispose()

    result = runner.invoke(args=["restore", "--yes", str(destination)])

    assert result.exit_code != 0
    assert ("The backup was made by a newer release (v9.0, schema revision "
            "0099_from_the_future)") in result.output
    assert "Upgrade foia-tracker before restoring it; nothing was changed." in result.output
    assert _counts() == counts


def test_backup_stops_at_a_stored_file_that_does_not_match_its_hash(
        app, runner, tmp_path, make_user, make_request, make_document):
    originals = _instance_with_documents(make_user, make_request, make_document)
    damaged = sorted(originals)[0]
    overwrite_stored(damaged, b"not what the agency sent")

    result = runner.invoke(args=["backup", str(tmp_path / "backup")])

    assert result.exit_code != 0
    assert f"Stored file {damaged} does not match its hash" in result.output
    assert not (tmp_path / "backup" / "backup.json").exists()


def test_the_postgresql_password_goes_through_the_environment_not_the_command_line(
        app, tmp_path, monkeypatch):
    from foia_tracker.backup import archive
    from foia_tracker.storage import document_store

    calls = []

    def run(command, **kwargs):
        calls.append((command, kwargs.get("env") or {}))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(archive.subprocess, "run", run)
    monkeypatch.setattr(archive, "database_revision", lambda uri: None)
    monkeypatch.setattr(archive, "app_version", lambda: "test")
    url = "postgresql+psycopg://foia:s3cret-Pa55@db.internal:5432/foia"
    archive.backup(url, document_store(), tmp_path / "backup")
    archive.restore(url, document_store(), tmp_path / "backup", upgrade=lambda: None)

    assert [command[0] for command, _ in calls] == ["pg_dump", "pg_restore"]
    for command, env in calls:
        assert not any("s3cret" in argument for argument in command), command
        assert "postgresql://foia@db.internal:5432/foia" in command
        assert env["PGPASSWORD"] == "s3cret-Pa55"
