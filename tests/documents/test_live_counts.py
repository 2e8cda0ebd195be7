"""Each request's live-document count always equals a count of its documents that are not deleted."""

from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import delete, func, insert, select, update

from foia_tracker.documents.models import Document
from foia_tracker.documents.services import document_delete
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest

from ..ocr.scans import CONTRACT, page_image, scanned_pdf


def kept_and_recounted() -> dict[int, tuple[int, int]]:
    """Return {request id: (kept count, count of its live documents now)} for every request."""
    db.session.expire_all()
    live = dict(db.session.execute(
        select(Document.request_id, func.count()).where(Document.deleted_at.is_(None))
        .group_by(Document.request_id)).all())
    return {request_id: (kept, live.get(request_id, 0)) for request_id, kept in
            db.session.execute(select(RecordsRequest.id, RecordsRequest.live_document_count))}


def assert_consistent(expected: dict[int, int]) -> None:
    counts = kept_and_recounted()
    assert all(kept == recounted for kept, recounted in counts.values()), counts
    assert {request_id: counts[request_id][0] for request_id in expected} == expected


def test_every_way_a_document_is_written_keeps_the_count(make_user, make_request, make_document):
    user = make_user()
    first, second = make_request(user), make_request(user)
    assert_consistent({first.id: 0, second.id: 0})

    kept = make_document(first, b"%PDF-1.4 one", name="one.pdf")
    gone = make_document(first, b"%PDF-1.4 two", name="two.pdf")
    assert_consistent({first.id: 2, second.id: 0})

    document_delete(document=gone, actor=user, reason="uploaded to the wrong request")
    assert_consistent({first.id: 1, second.id: 0})

    # Moved to the other request (a correction of the filing), a live and a deleted one.
    db.session.execute(update(Document).where(Document.id.in_([kept.id, gone.id]))
                       .values(request_id=second.id))
    db.session.commit()
    assert_consistent({first.id: 0, second.id: 1})

    # Written behind the ORM's back (bulk loaders, a restore) and removed for good.
    row = {column: getattr(kept, column) for column in (
        "organisation_id", "sequence", "original_name", "sha256", "size_bytes", "media_type",
        "extraction_status")}
    db.session.execute(insert(Document).values(
        **row, request_id=first.id, exhibit_number=f"{first.reference}-009"))
    db.session.commit()
    assert_consistent({first.id: 1, second.id: 1})
    db.session.execute(delete(Document).where(Document.id == kept.id))
    db.session.commit()
    assert_consistent({first.id: 1, second.id: 0})


def test_uploads_through_the_page_are_counted_and_awaiting_documents_follows(
        client, login, make_user, make_request, upload):
    user = make_user()
    waiting, answered = make_request(user), make_request(user)
    login(user)
    assert upload(answered.id, {"contract.pdf": scanned_pdf([page_image(CONTRACT)])}).status_code == 302
    assert_consistent({waiting.id: 0, answered.id: 1})
    listed = client.get("/requests/?documents=none").text
    assert f'/requests/{waiting.id}"' in listed and f'/requests/{answered.id}"' not in listed


def test_the_migration_counts_documents_stored_before_it(app, make_user, make_request,
                                                          make_document):
    user = make_user()
    request = make_request(user)
    before = make_document(request, b"%PDF-1.4 before", name="before.pdf")
    during = {column: getattr(before, column) for column in (
        "organisation_id", "request_id", "original_name", "sha256", "size_bytes", "media_type",
        "extraction_status")} | {"sequence": 2, "exhibit_number": f"{request.reference}-002"}
    db.session.commit()
    # The tests' schema comes from create_all: mark it as migrated, go down one step and up.
    stamp(revision="head")
    try:
        downgrade(revision="0025_overview_indexes")
        with db.engine.begin() as connection:
            connection.execute(insert(Document.__table__).values(**during))
        upgrade(revision="head")
    finally:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    assert_consistent({request.id: 2})
    make_document(request, b"%PDF-1.4 after", name="after.pdf")
    assert_consistent({request.id: 3})
