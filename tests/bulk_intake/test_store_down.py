"""An object store that stops answering: every file refused with the reason, nothing half-saved."""

from sqlalchemy import func, select

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.storage import document_store

from ..documents.test_store_down import (UNREACHABLE, documents_config,  # noqa: F401
                                         stop_store, store_server)
from ..files import make_pdf


def test_files_added_while_the_store_is_down_are_refused_and_nothing_is_saved(
        add_documents, make_user, make_request, stop_store, tmp_path):  # noqa: F811
    editor = make_user()
    request = make_request(editor)
    folder = tmp_path / "release"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (folder / name).write_bytes(make_pdf([f"Page of {name}"]))
    stop_store()
    code, lines, _ = add_documents(request.reference, folder, actor=editor)
    assert code == 1
    assert [line["status"] for line in lines] == ["refused", "refused"]
    assert all(UNREACHABLE in line["message"] and "was not saved" in line["message"]
               for line in lines)
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0
    assert list(document_store().staging_dir.iterdir()) == []
