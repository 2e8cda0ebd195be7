"""Fixtures for document tests: a store of their own, and an upload helper."""

import io
import random
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.storage import document_store

from ..conftest import csrf_token, on_both_stores as pytest_generate_tests  # noqa: F401
from ..stores import stored_hashes  # noqa: F401  (for the tests of this folder)


@pytest.fixture
def documents_path(app) -> Path:
    """The test's own folder store; a test asking for it runs on the folder store only."""
    return Path(app.config["DOCUMENTS_PATH"])


@pytest.fixture
def staging(app) -> Path:
    """The local folder where the test's store stages uploads and exports."""
    return document_store().staging_dir


@pytest.fixture
def upload(client):
    """Post files to a request's upload form, as a browser does."""

    def post(request_id: int, files: dict[str, bytes] | list[tuple[str, bytes]], **fields):
        token = csrf_token(client, f"/requests/{request_id}")
        pairs = files.items() if isinstance(files, dict) else files
        data = {"csrf_token": token, **fields,
                "files": [(io.BytesIO(content), name) for name, content in pairs]}
        return post_multipart(client, f"/requests/{request_id}/documents", data)

    return post


def post_multipart(client, path: str, data: dict):
    """Post a multipart body built in memory.

    The test client spools large bodies to temporary files it never closes when the server
    refuses the body unread, which -W error reports as a leak.
    """
    data = {key: [FileStorage(io.BytesIO(v[0].getvalue()), filename=v[1]) if isinstance(v, tuple)
                  else v for v in (value if isinstance(value, list) else [value])]
            for key, value in data.items()}
    boundary, body = encode_multipart(data)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def documents() -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(select(Document).order_by(Document.id)))


def document_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Document))


def scan(size: int) -> bytes:
    """Return bytes that compress as badly as a scanned page, the same on every run."""
    return random.Random(size).randbytes(size)


def staged_leftovers(staging: Path) -> list[Path]:
    return sorted(staging.iterdir()) if staging.exists() else []


def text_of(html: str) -> str:
    """Return a page's text with tags removed and whitespace collapsed."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([.,;:)])", r"\1", text).replace("&#39;", "'").replace("&amp;", "&")


@pytest.fixture
def released_request(make_request):
    """Return a request the agency answered with a final release, and that release."""
    from datetime import date, timedelta

    from foia_tracker.communications.services import communication_log
    from foia_tracker.communications.status import Direction, Kind

    def make(user):
        request = make_request(user, sent_on=date.today() - timedelta(days=20))
        release = communication_log(request=request, actor=user, values={
            "kind": Kind.final_release, "direction": Direction.received,
            "occurred_on": date.today() - timedelta(days=2), "summary": "Final release",
            "body": "", "extension_days": None, "estimated_on": None})
        return request, release

    return make


def download(client, document_id: int):
    """Fetch a document's download, read it whole and close the file it was served from."""
    response = client.get(f"/documents/{document_id}/download")
    response.get_data()
    response.close()
    return response
