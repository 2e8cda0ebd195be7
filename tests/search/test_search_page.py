"""The search page: hits with page numbers and snippets, scoped to the user's organisation."""

import re
from datetime import datetime, timezone

from foia_tracker.extensions import db
from foia_tracker.users.models import Role


def hits(page_text: str) -> list[str]:
    return re.findall(r'<li class="search-hit">(.*?)</li>', page_text, re.S)


def test_an_uploaded_pdf_is_found_with_the_page_number_and_a_highlighted_snippet(
        client, login, editor, records_request, indexed_pdf):
    document = indexed_pdf(records_request, [
        "Cover letter from the sheriff's records unit.",
        "Second page: the county paid Clearview AI for face recognition licences.",
        "Third page: nothing relevant."], name="final-release.pdf")
    login(editor)
    response = client.get("/search", query_string={"q": "clearview"})
    assert response.status_code == 200
    [hit] = hits(response.text)
    assert f"Exhibit {document.exhibit_number}" in hit and "final-release.pdf" in hit
    assert "p. 2" in hit
    assert "<mark>Clearview</mark> AI for face recognition" in hit
    assert records_request.reference in hit and "Face recognition contracts" in hit
    assert "Washington County Sheriff&#39;s Office" in hit
    assert f'href="/documents/{document.id}?q=clearview"' in hit
    assert f'href="/documents/{document.id}/pages/2?q=clearview"' in hit
    assert "1 page matches" in response.text


def test_all_words_must_match_and_stems_match(client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["Contracts with Axon for body cameras",
                                  "Contract with Axon for drones"])
    login(editor)
    both = client.get("/search", query_string={"q": "axon contract"})
    assert len(hits(both.text)) == 2
    [drones] = hits(client.get("/search", query_string={"q": "axon drones"}).text)
    assert "p. 2" in drones


def test_a_quoted_phrase_matches_only_the_words_together(
        client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["The face recognition system was purchased in 2025.",
                                  "Recognition of the face of the building was awarded."])
    login(editor)
    [hit] = hits(client.get("/search", query_string={"q": '"face recognition"'}).text)
    assert "p. 1" in hit
    # SQLite marks the phrase, PostgreSQL each of its words.
    assert re.search(r"<mark>face( recognition</mark>|</mark> <mark>recognition</mark>)", hit)


def test_or_and_exclusion(client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["Invoice from Cellebrite", "Invoice from GrayKey",
                                  "Invoice from Cellebrite and GrayKey", "Invoice from Flock"])
    login(editor)
    either = hits(client.get("/search", query_string={"q": "cellebrite OR graykey"}).text)
    assert len(either) == 3
    without = hits(client.get("/search", query_string={"q": "invoice -graykey"}).text)
    assert sorted(re.search(r"p\. (\d+)", hit).group(1) for hit in without) == ["1", "4"]


def test_html_in_document_text_is_escaped_in_snippets(
        client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ['Vendor note <script>alert("x")</script> <b>Stingray</b> '
                                  '<img src=x onerror=alert(1)>'])
    login(editor)
    response = client.get("/search", query_string={"q": "stingray"})
    [hit] = hits(response.text)
    # The only script on the page is the app's own, from its static files.
    assert re.findall(r"<script\b[^>]*>", response.text) == ['<script src="/static/app.js" defer>']
    assert "<script" not in hit and "<img" not in hit and "<b>" not in hit
    # PostgreSQL's headline leaves out what its parser takes for tags; the rest is escaped.
    assert "&lt;img src=x onerror=alert" in hit and "<mark>Stingray</mark>" in hit


def test_another_organisations_documents_never_appear(
        client, login, editor, records_request, indexed_pdf, make_user, make_request):
    other = make_user()
    theirs = make_request(other, title="Their request")
    indexed_pdf(theirs, ["Secret contract with Palantir"])
    ours = indexed_pdf(records_request, ["Our contract with Palantir"])
    login(editor)
    response = client.get("/search", query_string={"q": "palantir contract"})
    [hit] = hits(response.text)
    assert ours.exhibit_number in hit and "Secret" not in response.text
    assert "Their request" not in response.text


def test_the_organisation_token_in_a_query_does_not_reach_other_pages(
        client, login, editor, records_request, indexed_pdf, make_user, make_request):
    # The index holds scope tokens like "o12"; a user typing one must not match them.
    other = make_user()
    indexed_pdf(make_request(other), ["anything at all"])
    indexed_pdf(records_request, ["a page of ours"])
    login(editor)
    for token in (f"o{other.organisation_id}", f"o{editor.organisation_id}", "deleted",
                  f"r{records_request.id}"):
        assert hits(client.get("/search", query_string={"q": token}).text) == []


def test_soft_deleted_documents_never_appear(client, login, editor, records_request, indexed_pdf):
    kept = indexed_pdf(records_request, ["Kept contract with ShotSpotter"], name="kept.pdf")
    gone = indexed_pdf(records_request, ["Deleted contract with ShotSpotter"], name="gone.pdf")
    gone.deleted_at = datetime.now(timezone.utc)
    gone.deletion_reason = "duplicate scan"
    db.session.commit()
    login(editor)
    response = client.get("/search", query_string={"q": "shotspotter"})
    [hit] = hits(response.text)
    assert kept.exhibit_number in hit and "gone.pdf" not in response.text
    assert "1 page matches" in response.text


def test_a_restored_document_is_found_again(client, login, editor, records_request, indexed_pdf):
    document = indexed_pdf(records_request, ["Contract with Banjo"])
    document.deleted_at = datetime.now(timezone.utc)
    db.session.commit()
    document.deleted_at = None
    db.session.commit()
    login(editor)
    assert len(hits(client.get("/search", query_string={"q": "banjo"}).text)) == 1


def test_the_request_filter(client, login, editor, records_request, indexed_pdf, make_request):
    second = make_request(editor, title="Drone purchases")
    indexed_pdf(records_request, ["Skydio drone invoice"])
    indexed_pdf(second, ["Skydio drone contract"])
    login(editor)
    everywhere = client.get("/search", query_string={"q": "skydio"})
    assert len(hits(everywhere.text)) == 2
    [hit] = hits(client.get("/search", query_string={"q": "skydio", "request": second.id}).text)
    assert "contract" in hit and second.reference in hit


def test_another_organisations_request_cannot_be_used_as_a_filter(
        client, login, editor, records_request, indexed_pdf, make_user, make_request):
    other = make_user()
    theirs = make_request(other)
    indexed_pdf(theirs, ["Their Skydio contract"])
    login(editor)
    response = client.get("/search", query_string={"q": "skydio", "request": theirs.id})
    assert response.status_code == 400 and "Their Skydio" not in response.text


def test_results_are_paginated_fifty_at_a_time_with_the_total(
        client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, [f"Page {n} of the Rekognition invoice list"
                                  for n in range(1, 56)])
    login(editor)
    first = client.get("/search", query_string={"q": "rekognition"})
    assert len(hits(first.text)) == 50 and "55 pages match" in first.text
    assert "Page 1 of 2" in first.text
    second = client.get("/search", query_string={"q": "rekognition", "page": 2})
    assert len(hits(second.text)) == 5
    numbers = {re.search(r"p\. (\d+)", hit).group(1) for hit in hits(first.text + second.text)}
    assert len(numbers) == 55


def test_the_best_match_comes_first(client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, [
        "A long page about budgets, staffing, overtime, vehicles, radios and one mention "
        "of Cellebrite among many other purchases and line items of the year.",
        "Cellebrite Cellebrite Cellebrite licence renewal"])
    login(editor)
    found = hits(client.get("/search", query_string={"q": "cellebrite"}).text)
    assert "p. 2" in found[0] and "p. 1" in found[1]


def test_an_empty_query_shows_the_form(client, login, editor):
    login(editor)
    response = client.get("/search")
    assert response.status_code == 200 and 'name="q"' in response.text
    assert "match" not in response.text.split("</form>")[1]
    assert client.get("/search", query_string={"q": "   "}).status_code == 200


def test_viewers_can_search(client, login, records_request, indexed_pdf, make_user, editor):
    indexed_pdf(records_request, ["Contract with Fog Data Science"])
    viewer = make_user(role=Role.viewer, organisation=editor.organisation)
    login(viewer)
    assert len(hits(client.get("/search", query_string={"q": "fog"}).text)) == 1


def test_search_needs_a_login(client):
    response = client.get("/search", query_string={"q": "contract"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_too_long_query_is_refused_with_a_message(client, login, editor):
    login(editor)
    response = client.get("/search", query_string={"q": "contract " * 1200})
    assert response.status_code == 400
    assert "500 characters" in response.text


HOSTILE_QUERIES = [
    'face NEAR(recognition)', 'text:secret', 'scope:o1', '"unclosed phrase', '""', '"',
    'a AND', 'OR', 'NOT', '-', '--', '- -"', 'AND OR NOT', '(((', ')', '*', 'clear*', '^face',
    '{text}: x', 'face + recognition', "'; DROP TABLE document; --", 'a"b"c', 'NEAR("a" "b", 2)',
    '\\', '%', '_', '\u202eevil', 'caf\u0301e', '🙂', '<mark>', '\x00', 'face\x00recognition',
    'x' * 10_000, '" OR "' * 50, 'word ' * 40, 'face OR', 'OR face', '-face', 'face -',
]


def test_hostile_queries_never_cause_a_server_error(
        client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["Face recognition contract"])
    login(editor)
    for query in HOSTILE_QUERIES:
        response = client.get("/search", query_string={"q": query})
        assert response.status_code in (200, 400), (query, response.text)
    # Still searchable afterwards, and a query full of operators still finds the words.
    [hit] = hits(client.get("/search", query_string={"q": 'face AND (recognition*'}).text)
    assert "<mark>Face</mark>" in hit


def test_odd_page_numbers_are_harmless(client, login, editor):
    login(editor)
    for page in ["0", "-3", "abc", "99999999999999999999", "2147483648"]:
        response = client.get("/search", query_string={"q": "contract", "page": page})
        assert response.status_code == 200, page


def test_an_unclosed_quote_searches_the_words_and_says_so(
        client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["Face templates are kept; recognition runs nightly."])
    login(editor)
    response = client.get("/search", query_string={"q": '"face recognition'})
    assert response.status_code == 200 and len(hits(response.text)) == 1
    assert "Your quote had no closing mark; searched for the words face recognition." in response.text
    closed = client.get("/search", query_string={"q": '"face recognition"'}).text
    assert hits(closed) == [] and "no closing mark" not in closed
