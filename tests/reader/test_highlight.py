"""Search lands on the page: hits highlighted in the page's text, everything escaped."""

import re

from foia_tracker.documents.search_query import query_parse
from foia_tracker.reader.highlight import Quotation, highlighted, searched_words

PAGES = ["Cover letter from the sheriff's records unit.",
         "The county paid Clearview AI for face recognition licences. <script>alert(1)</script>",
         "Third page: Clearview again, and contracts."]


def test_a_search_hit_opens_the_reader_at_its_page_with_the_words_highlighted(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    results = client.get("/search", query_string={"q": "face recognition"})
    link = re.search(r'href="(/documents/\d+/pages/2\?q=face\+recognition)"', results.text)
    assert link, results.text
    page = client.get(link.group(1))
    assert '<mark class="hit">face</mark> <mark class="hit">recognition</mark>' in page.text
    assert page.text.count('class="hit"') == 2
    # Paging on keeps the highlighting.
    assert f'href="/documents/{document.id}/pages/3?q=face+recognition"' in page.text


def test_the_query_and_the_text_are_escaped_whatever_they_hold(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    query = '<script>alert("q")</script> clearview'
    page = client.get(f"/documents/{document.id}/pages/2", query_string={"q": query})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;" in page.text and '<mark class="hit">Clearview</mark>' in page.text
    # The word "script" is searched for too, and marked inside the escaped text.
    assert '&lt;<mark class="hit">script</mark>&gt;' in page.text
    listing = client.get(f"/documents/{document.id}", query_string={"q": query})
    assert "<script>alert" not in listing.text


def test_the_document_page_lists_its_pages_with_hits_when_reached_from_a_search(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    results = client.get("/search", query_string={"q": "clearview"})
    assert f'href="/documents/{document.id}?q=clearview"' in results.text
    page = client.get(f"/documents/{document.id}?q=clearview")
    assert "Pages matching “clearview”" in page.text
    links = re.findall(rf'href="/documents/{document.id}/pages/(\d+)\?q=clearview">Read page',
                       page.text)
    assert links == ["2", "3"]
    assert "Pages matching" not in client.get(f"/documents/{document.id}").text
    none = client.get(f"/documents/{document.id}?q=drones")
    assert "No page of this document matches." in none.text


def test_stems_and_accents_match_as_the_search_engine_does():
    words = searched_words(query_parse("contract résumé -drones"))
    html = highlighted("Contracts, a contract and a RESUME; drones <b>", words)
    assert html == ('<mark class="hit">Contracts</mark>, a <mark class="hit">contract</mark> '
                    'and a <mark class="hit">RESUME</mark>; drones &lt;b&gt;')


def test_a_quotation_is_marked_however_its_lines_were_joined():
    html = highlighted("The county paid\nClearview AI <licences>.", frozenset({"clearview"}),
                       (Quotation(7, "paid Clearview  AI <licences>"),))
    assert html == ('The county <a class="quoted" href="#E7" data-item="E7">paid\n'
                    '</a><a class="quoted" href="#E7" data-item="E7"><mark class="hit">'
                    'Clearview</mark></a><a class="quoted" href="#E7" data-item="E7"> AI '
                    '&lt;licences&gt;</a>.')
