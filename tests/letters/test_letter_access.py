"""Who may see and change letters: another organisation's are not found, viewers only read."""

import pytest
from flask import url_for
from sqlalchemy import func, select

from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter
from foia_tracker.users.models import Role

from ..conftest import csrf_token
from .conftest import letter_data, save_letter


@pytest.fixture
def their_letter(client, make_user, make_evidence, login):
    """A letter of another organisation, citing its evidence, written through the pages."""
    author = login(make_user())
    item = make_evidence(author)
    response = save_letter(client, "/letters/new", title="Their letter", body=f"[@E{item.id}]")
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/letters")})
    letter = db.session.scalars(select(Letter)).one()
    return letter.id


def unchanged(letter_id: int) -> bool:
    db.session.expire_all()
    letter = db.session.get(Letter, letter_id)
    return letter is not None and letter.title == "Their letter" and len(letter.citations) == 1


@pytest.mark.parametrize("role", [Role.viewer, Role.editor, Role.admin])
def test_another_organisations_letter_is_not_found_on_every_route(
        client, make_user, login, their_letter, role):
    login(make_user(role=role))
    token = csrf_token(client, "/letters")
    data = {"title": "Hijacked", "letter_date": "2026-04-01", "action": "save", "csrf_token": token}

    statuses = [
        client.get(f"/letters/{their_letter}").status_code,
        client.get(f"/letters/{their_letter}/edit").status_code,
        client.post(f"/letters/{their_letter}/edit", data=data).status_code,
        client.post(f"/letters/{their_letter}/delete", data={"csrf_token": token}).status_code,
    ]

    # A viewer is refused writing before the letter is looked up.
    assert statuses == ([404, 403, 403, 403] if role is Role.viewer else [404] * 4)
    assert unchanged(their_letter)
    assert "Their letter" not in client.get("/letters").text


def test_a_viewer_reads_letters_but_cannot_write_change_or_delete_them(
        client, make_user, make_evidence, login):
    editor = login(make_user())
    item = make_evidence(editor)
    save_letter(client, "/letters/new", title="Their letter", body=f"[@E{item.id}]")
    letter_id = db.session.scalars(select(Letter.id)).one()
    token = csrf_token(client, "/letters")
    client.post("/logout", data={"csrf_token": token})
    login(make_user(role=Role.viewer, organisation=editor.organisation))
    token = csrf_token(client, "/letters")
    data = {"title": "Changed", "letter_date": "2026-04-01", "action": "save", "csrf_token": token}

    index = client.get("/letters")
    page = client.get(f"/letters/{letter_id}")

    assert index.status_code == 200 and "Their letter" in index.text
    assert "Write a letter" not in index.text
    assert page.status_code == 200 and "Edit letter" not in page.text
    assert "Delete letter" not in page.text
    assert client.get("/letters/new").status_code == 403
    assert client.post("/letters/new", data=data).status_code == 403
    assert client.get(f"/letters/{letter_id}/edit").status_code == 403
    assert client.post(f"/letters/{letter_id}/edit", data=data).status_code == 403
    assert client.post(f"/letters/{letter_id}/delete", data={"csrf_token": token}).status_code == 403
    assert unchanged(letter_id)
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 1


def test_letter_pages_need_a_login(client):
    for path in ("/letters", "/letters/new", "/letters/1", "/letters/1/edit"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location


def test_a_letter_id_too_large_for_the_database_is_not_found(client, make_user, login):
    login(make_user())
    assert client.get("/letters/99999999999").status_code == 404


def test_the_editor_lists_only_the_organisations_citable_evidence_with_codes(
        client, make_user, make_evidence, login):
    stranger = make_user()
    foreign = make_evidence(stranger, description="Foreign Clearview contract")
    user = login(make_user())
    rekognition = make_evidence(user, description="Rekognition purchase order", page_from=2)
    clearview = make_evidence(user, description="Clearview trial licence", vendor="Clearview AI")
    withdrawn = make_evidence(user, description="Withdrawn Clearview e-mail")
    withdrawn.document.deleted_at = utcnow()
    db.session.commit()

    everything = client.get("/letters/new").text
    found = client.get("/letters/new?q=clearview").text

    assert f"[@E{rekognition.id}]" in everything and f"[@E{clearview.id}]" in everything
    assert f"{rekognition.document.exhibit_number}, p. 2" in everything
    assert f"[@E{foreign.id}]" not in everything and "Foreign Clearview" not in everything
    assert f"[@E{withdrawn.id}]" not in everything
    assert f"[@E{clearview.id}]" in found and f"[@E{rekognition.id}]" not in found


def test_finding_evidence_while_writing_keeps_the_draft_and_saves_nothing(
        client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user, description="Rekognition purchase order")
    other = make_evidence(user, description="Body camera invoice")

    response = client.post("/letters/new", data=letter_data(
        client, "/letters/new", title="My draft", body="Half-written text", q="Rekognition",
        action="find"))

    assert response.status_code == 200
    assert "Half-written text</textarea>" in response.text and 'value="My draft"' in response.text
    assert f"[@E{item.id}]" in response.text and f"[@E{other.id}]" not in response.text
    assert "This field is required" not in response.text
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0


def test_an_overlong_evidence_search_says_so(client, make_user, login):
    login(make_user())
    response = client.get("/letters/new?q=" + "x" * 201)
    assert response.status_code == 400
    assert 'id="q-error"' in response.text


def test_the_letter_links_to_every_export_format_and_to_its_evidence_pages(
        app, client, make_user, make_evidence, login):
    user = login(make_user())
    item = make_evidence(user)
    save_letter(client, "/letters/new", body=f"[@E{item.id}]")
    letter_id = db.session.scalars(select(Letter.id)).one()

    page = client.get(f"/letters/{letter_id}").text

    with app.test_request_context():
        for fmt in ("csv", "xlsx", "json", "md", "docx", "html", "zip"):
            assert f'href="{url_for("exports.letter", letter_id=letter_id, fmt=fmt)}"' in page
        assert f'href="{url_for("evidence.show", item_id=item.id)}"' in page
