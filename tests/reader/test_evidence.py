"""Evidence from the page: a selection opens the evidence form filled in; items show on pages."""

import re
from html import unescape

from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db

from ..conftest import csrf_token

PAGES = ["Cover letter.",
         "The county paid Clearview AI $48,000 for face recognition licences in 2025.",
         "Third page."]
QUOTE = "The county paid Clearview AI $48,000 for face recognition licences"


def test_marking_a_selection_opens_the_evidence_form_filled_in_and_the_item_shows_on_its_page(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    reader = f"/documents/{document.id}/pages/2"
    form = client.post(f"{reader}/evidence", data={
        "csrf_token": csrf_token(client, reader), "quotation": QUOTE})
    assert form.status_code == 200
    assert f'action="/documents/{document.id}/evidence/new"' in form.text
    assert re.search(r'name="page_from"[^>]*value="2"', form.text)
    assert QUOTE in unescape(form.text)

    saved = client.post(f"/documents/{document.id}/evidence/new", data={
        "csrf_token": csrf_token(client, reader), "page_from": "2", "page_to": "",
        "quotation": QUOTE, "description": "Clearview licence purchase", "currency": "USD"})
    assert saved.status_code == 302, saved.text
    item = db.session.query(EvidenceItem).one()
    assert (item.page_from, item.page_to, item.quotation) == (2, 2, QUOTE)

    shown = client.get(f"/evidence/{item.id}")
    assert f'href="{reader}#E{item.id}">read it on the page</a>' in shown.text
    page = client.get(reader)
    assert f'href="/evidence/{item.id}"' in page.text and "Clearview licence purchase" in page.text
    assert f'data-item="E{item.id}"' in page.text  # the quotation is marked in the text
    other = client.get(f"/documents/{document.id}/pages/3")
    assert f'href="/evidence/{item.id}"' not in other.text


def test_marking_without_a_selection_says_what_to_do(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    reader = f"/documents/{document.id}/pages/2"
    refused = client.post(f"{reader}/evidence", data={
        "csrf_token": csrf_token(client, reader), "quotation": "  "})
    assert refused.status_code == 400 and "Select the words to quote" in refused.text
    no_token = client.post(f"{reader}/evidence", data={"quotation": QUOTE})
    assert no_token.status_code == 400
    beyond = client.post(f"/documents/{document.id}/pages/9/evidence", data={
        "csrf_token": csrf_token(client, reader), "quotation": QUOTE})
    assert beyond.status_code == 404
