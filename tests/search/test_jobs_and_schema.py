"""The extract-documents command, the scheduler job, and the index objects on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import inspect, select, text

from foia_tracker.alerts.scheduler import EXTRACTION_JOB_ID, build_scheduler
from foia_tracker.documents import fulltext
from foia_tracker.documents.models import DocumentPage, ExtractionStatus
from foia_tracker.extensions import db
from foia_tracker.storage import document_store

from ..files import make_docx, make_pdf
from ..stores import read_stored, remove_stored


def test_the_command_extracts_everything_pending_and_prints_a_summary(
        runner, records_request, make_document):
    pdf = make_document(records_request, make_pdf(["one", "two", "three"]))
    docx = make_document(records_request, make_docx(["memo"]), name="memo.docx",
                         media_type="application/vnd.openxmlformats-officedocument"
                                    ".wordprocessingml.document")
    broken = make_document(records_request, b"%PDF-1.4 broken", name="broken.pdf")
    result = runner.invoke(args=["extract-documents"])
    assert result.exit_code == 0, result.output
    assert "Extracted text from 2 documents (4 pages); 1 failed" in result.output
    assert f"document {broken.id}: The file could not be read as a PDF" in result.output
    db.session.expire_all()
    assert pdf.extraction_status is docx.extraction_status is ExtractionStatus.done
    assert runner.invoke(args=["extract-documents"]).output.startswith(
        "Extracted text from 0 documents")


def test_the_command_can_retry_failed_documents(runner, records_request, make_document, tmp_path):
    document = make_document(records_request, make_pdf(["back again"]))
    data = read_stored(document.sha256)
    remove_stored(document.sha256)
    runner.invoke(args=["extract-documents"])
    (tmp_path / "back.pdf").write_bytes(data)
    document_store().put_file(document.sha256, tmp_path / "back.pdf")
    result = runner.invoke(args=["extract-documents", "--retry-failed"])
    assert "Queued 1 failed documents again." in result.output
    assert "Extracted text from 1 documents (1 pages)" in result.output
    assert db.session.scalar(select(DocumentPage.text)) == "back again"


def test_the_scheduler_has_the_extraction_job(app):
    app.config["EXTRACTION_INTERVAL_SECONDS"] = 7
    scheduler = build_scheduler(app, blocking=False)
    job = scheduler.get_job(EXTRACTION_JOB_ID)
    assert job is not None and job.id == "extract-documents"
    assert job.trigger.interval.total_seconds() == 7
    assert job.max_instances == 1 and job.coalesce is True


def _fulltext_objects() -> set[tuple[str, str]]:
    if db.engine.dialect.name == "sqlite":
        rows = db.session.execute(text(
            "SELECT type, name FROM sqlite_master WHERE name LIKE 'document_page_fts%' "
            "OR name = 'document_page_search' OR type = 'trigger'"))
    else:
        rows = db.session.execute(text(
            "SELECT 'index', indexdef FROM pg_indexes WHERE indexname = :name "
            "UNION SELECT 'column', column_name || ' ' || generation_expression "
            "FROM information_schema.columns WHERE table_name = 'document_page' "
            "AND column_name = :column"),
            {"name": fulltext.PG_INDEX, "column": fulltext.PG_VECTOR_COLUMN})
    return {tuple(row) for row in rows}


def test_the_migration_builds_the_same_index_objects_as_create_all(app, records_request,
                                                                   indexed_pdf):
    from foia_tracker.documents.search import documents_search

    indexed_pdf(records_request, ["Text extracted before the index existed"])
    created = _fulltext_objects()
    assert created
    db.session.commit()
    # The tests' schema comes from create_all: mark it as migrated, then go down one step and up.
    stamp(revision="head")
    try:
        downgrade(revision="0005_evidence")
        assert _fulltext_objects() == set()
        upgrade(revision="head")
        assert _fulltext_objects() == created
        # Autogenerate, given the include_name hook, sees nothing to add or drop.
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_name": fulltext.include_name})
            assert compare_metadata(context, db.metadata) == []
    finally:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    # Pages extracted before the index existed are searchable after the upgrade.
    found = documents_search(organisation_id=records_request.organisation_id, query="existed")
    assert found.total == 1


def test_the_index_follows_page_updates_and_deletes(app, records_request, indexed_pdf):
    from foia_tracker.documents.search import documents_search

    document = indexed_pdf(records_request, ["Original wording about Clearview"])

    def search(query: str) -> int:
        return documents_search(organisation_id=records_request.organisation_id,
                                query=query).total

    page = db.session.scalar(select(DocumentPage).where(DocumentPage.document_id == document.id))
    page.text = "Corrected wording about Rekognition"
    db.session.commit()
    assert (search("clearview"), search("rekognition")) == (0, 1)
    db.session.delete(page)
    db.session.commit()
    assert search("rekognition") == 0
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text(
            "INSERT INTO document_page_fts(document_page_fts, rank) VALUES('integrity-check', 1)"))
    assert inspect(db.engine).has_table("document_page")
