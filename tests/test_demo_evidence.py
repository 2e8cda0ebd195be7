"""The demo has released documents, evidence with purchase facts and a letter citing them."""

import csv
import io
import re

from sqlalchemy import select

from foia_tracker.documents.models import Document
from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter
from foia_tracker.storage import document_store, sha256_of_file

from .conftest import csrf_token


def _seed_and_log_in(runner, client) -> None:
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    email = re.search(r"e-mail:\s+(\S+)", result.output).group(1)
    password = re.search(r"password:\s+(\S+)", result.output).group(1)
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302


def test_demo_documents_are_real_stored_files_attached_to_their_release(runner, client):
    _seed_and_log_in(runner, client)
    documents = {d.original_name: d for d in db.session.scalars(select(Document))}
    order = documents["Rekognition_service_order.pdf"]
    assert order.media_type == "application/pdf"
    assert order.page_count == 3
    assert order.communication.kind.name == "partial_release"
    assert order.exhibit_number.startswith("OR-")
    for document in documents.values():
        assert sha256_of_file(document_store().path_for(document.sha256)) == document.sha256
    page = client.get(f"/documents/{order.id}")
    assert page.status_code == 200
    assert order.exhibit_number in page.text


def test_demo_documents_are_searchable_at_once(runner, client):
    _seed_and_log_in(runner, client)
    page = client.get("/search?q=%22booking+photo+database%22")
    assert page.status_code == 200
    assert "Rekognition_service_order.pdf" in page.text
    # The hit opens the reader at its page, with the words to highlight.
    assert re.search(r'<a class="hit-page" href="/documents/\d+/pages/1\?q=[^"]+">p. 1</a>',
                     page.text)
    assert "<mark>booking</mark>" in page.text or "<mark>booking photo database</mark>" in page.text


def test_demo_purchases_and_letter_are_ready_to_try(runner, client):
    _seed_and_log_in(runner, client)
    purchases = client.get("/evidence/purchases").text
    assert "Amazon Rekognition" in purchases
    assert "$400.00 USD" in purchases
    # San Diego's purchase belongs to the California affiliate, not to the Oregon login.
    assert "FaceFirst" not in purchases

    letter = db.session.scalar(select(Letter))
    page = client.get(f"/letters/{letter.id}")
    assert page.status_code == 200
    assert "Records produced by the Washington County Sheriff&#39;s Office (Oregon)" in page.text
    # Five items cited, the purchase twice: five footnotes.
    assert [c.number for c in letter.citations] == [1, 2, 3, 4, 5]

    exported = client.get(f"/letters/{letter.id}/export/csv")
    assert exported.status_code == 200
    content = exported.get_data()
    exported.close()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 5
    assert any(row["Product"] == "Amazon Rekognition" for row in rows)
