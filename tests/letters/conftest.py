"""Fixtures for letter tests: real PDF releases with evidence items, and the letter form."""

import html
import re
from datetime import date

import pytest

from foia_tracker.communications.services import communication_log
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db

from ..conftest import csrf_token
from ..files import make_pdf

RELEASED_ON = date(2026, 3, 12)
PAGES = ["Contract for face recognition services.",
         "Amazon Rekognition, purchase order PO-77.",
         "Statement of work: image matching against booking photos.",
         "Invoice total: 12,500.00 USD."]


@pytest.fixture
def make_release(make_request, make_document, make_agency):
    """Return a factory: a sent request whose final release is a real PDF document."""

    def make(user, agency=None):
        request = make_request(user, agency=agency or make_agency(), sent_on=date(2026, 3, 1))
        release = communication_log(request=request, actor=user, values={
            "direction": Direction.received, "kind": Kind.final_release,
            "occurred_on": RELEASED_ON, "summary": "Final release"})
        return make_document(request, make_pdf(PAGES), name="release.pdf",
                             page_count=len(PAGES), communication=release, user=user)

    return make


@pytest.fixture
def make_evidence(app, make_release):
    """Return a factory: an evidence item on a document (a new release unless one is given)."""

    def make(user, description="Purchase order for Amazon Rekognition.", document=None,
             page_from=4, page_to=None, **values) -> EvidenceItem:
        document = document or make_release(user)
        item = EvidenceItem(organisation_id=document.organisation_id, document_id=document.id,
                            page_from=page_from, page_to=page_to, description=description,
                            **values)
        db.session.add(item)
        db.session.commit()
        return item

    return make


def letter_data(client, path: str, **values) -> dict:
    """Return the letter form's fields, with a fresh CSRF token from the form at path."""
    data = {"title": "Stop buying face recognition", "addressee": "Sheriff Pat Garrett\nHillsboro",
            "letter_date": "2026-04-01", "body": "", "signatories": "Jane Doe, ACLU of Oregon",
            "action": "save", "csrf_token": csrf_token(client, path)}
    data.update(values)
    return data


def save_letter(client, path: str, **values):
    """Submit the letter form at path (/letters/new or /letters/<id>/edit)."""
    return client.post(path, data=letter_data(client, path, **values))


def footnotes(page_html: str) -> dict[int, str]:
    """Return {number: text} of the footnotes on a letter page."""
    return {int(number): html.unescape(text) for number, text in re.findall(
        r'<li id="fn-(\d+)"[^>]*><span class="footnote-text">(.*?)</span>', page_html)}


def references(page_html: str) -> list[tuple[str, int]]:
    """Return the (element id, number) of each footnote reference, in reading order."""
    return [(ref_id, int(number)) for ref_id, number in re.findall(
        r'<sup class="fnref"><a href="#fn-\d+" id="([^"]+)">(\d+)</a></sup>', page_html)]
