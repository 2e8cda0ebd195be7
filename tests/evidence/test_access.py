"""Who may see and change evidence: organisation scoping, roles, escaping and CSRF."""

import pytest
from sqlalchemy import func, select

from foia_tracker.db_types import utcnow
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from ..conftest import csrf_token

HOSTILE = '<script>alert("x")</script>'
HOSTILE_VENDOR = '"><img src=x onerror=alert(1)>'


def routes(item, document):
    return [("get", f"/evidence/{item.id}"), ("get", f"/evidence/{item.id}/edit"),
            ("post", f"/evidence/{item.id}/edit"), ("post", f"/evidence/{item.id}/delete"),
            ("get", f"/documents/{document.id}/evidence/new"),
            ("post", f"/documents/{document.id}/evidence/new")]


def item_count() -> int:
    return db.session.scalar(select(func.count()).select_from(EvidenceItem))


def test_another_organisation_gets_404_everywhere_and_never_sees_the_items(
        client, make_user, login, pdf_document, make_item):
    owner = make_user()
    document = pdf_document(owner)
    item = make_item(document, description="Secret Rekognition contract", vendor="SecretVendor",
                     amount="999.00")
    intruder = login(make_user(role=Role.admin))
    token = csrf_token(client, "/evidence")  # any page with a form gives the session's token
    for method, path in routes(item, document):
        response = getattr(client, method)(path, data={"csrf_token": token, "description": "Mine",
                                                       "page_from": "1"})
        assert response.status_code == 404, (method, path)
    for path in ("/evidence", "/evidence?purchases=y&sort=amount", "/evidence/purchases",
                 f"/evidence?agency={document.request.agency_id}",
                 f"/evidence?request={document.request_id}",
                 f"/evidence/purchases?agency={document.request.agency_id}"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert "Secret" not in page.text and "999.00" not in page.text, path
    assert item_count() == 1 and intruder.organisation_id != owner.organisation_id


def test_items_of_a_soft_deleted_document_are_gone(client, make_user, login, pdf_document, make_item):
    user = login(make_user())
    document = pdf_document(user)
    item = make_item(document, description="Hidden with its document", vendor="Axon")
    document.deleted_at, document.deletion_reason = utcnow(), "Uploaded to the wrong request"
    db.session.commit()
    token = csrf_token(client, "/evidence")
    for method, path in routes(item, document):
        assert getattr(client, method)(path, data={"csrf_token": token}).status_code == 404, path
    for path in ("/evidence", "/evidence/purchases"):
        page = client.get(path).text
        assert "Hidden with its document" not in page and "Axon" not in page


def test_a_viewer_reads_but_cannot_write(client, make_user, login, pdf_document, make_item):
    editor = make_user()
    document = pdf_document(editor)
    item = make_item(document, description="Readable by viewers", vendor="Axon", amount="5.00")
    login(make_user(role=Role.viewer, organisation=editor.organisation))
    show = client.get(f"/evidence/{item.id}")
    assert show.status_code == 200 and "Readable by viewers" in show.text
    assert f"/evidence/{item.id}/edit" not in show.text and "/delete" not in show.text
    assert "Readable by viewers" in client.get("/evidence").text
    assert "Axon" in client.get("/evidence/purchases").text
    token = csrf_token(client, "/evidence")
    for method, path in routes(item, document)[1:]:
        response = getattr(client, method)(path, data={"csrf_token": token, "description": "Changed"})
        assert response.status_code == 403, (method, path)
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).description == "Readable by viewers"


def test_anonymous_visitors_are_sent_to_log_in(client, make_user, pdf_document, make_item):
    item = make_item(pdf_document(make_user()))
    for path in ("/evidence", "/evidence/purchases", f"/evidence/{item.id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location


def test_delete_without_the_csrf_token_is_refused(client, make_user, login, pdf_document, make_item):
    item = make_item(pdf_document(login(make_user())))
    assert client.post(f"/evidence/{item.id}/delete").status_code == 400
    assert item_count() == 1


@pytest.mark.parametrize("path", ["/evidence/{id}", "/evidence/{id}/edit", "/evidence",
                                  "/evidence/purchases", "/evidence?q=script"])
def test_hostile_text_is_escaped_on_every_page(
        client, make_user, login, pdf_document, make_item, path):
    user = login(make_user())
    item = make_item(pdf_document(user), description=HOSTILE, quotation=HOSTILE,
                     vendor=HOSTILE_VENDOR, product=HOSTILE, contract_number=HOSTILE,
                     amount="1.00", technology="Drones")
    page = client.get(path.format(id=item.id))
    assert page.status_code == 200
    assert HOSTILE not in page.text and HOSTILE_VENDOR not in page.text
    assert "&lt;script&gt;" in page.text or "&#34;&gt;&lt;img" in page.text


def test_hostile_filter_values_are_escaped(client, make_user, login):
    login(make_user())
    page = client.get("/evidence", query_string={"q": HOSTILE, "vendor": HOSTILE_VENDOR})
    assert page.status_code == 200
    assert HOSTILE not in page.text and HOSTILE_VENDOR not in page.text
    page = client.get("/evidence/purchases", query_string={"vendor": HOSTILE, "year": HOSTILE})
    assert page.status_code == 400 and HOSTILE not in page.text
