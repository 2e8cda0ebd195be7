"""Fixtures for evidence tests: real PDF documents and evidence items stored directly."""

from datetime import date
from decimal import Decimal

import pytest

from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.evidence.services import evidence_item_create
from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter, LetterCitation

from ..files import make_pdf

PAGES = ["Contract for face recognition services.", "Amazon Rekognition, purchase order PO-77.",
         "Invoice total: 12,500.00 USD."]


@pytest.fixture
def pdf_document(make_request, make_document):
    """Return a factory: a real PDF of known pages, stored as a document of a new request."""

    def make(user, pages=None, agency=None, **values):
        pages = pages or PAGES
        request = make_request(user, agency=agency, **values)
        return make_document(request, make_pdf(pages), name="release.pdf",
                             page_count=len(pages), user=user)

    return make


@pytest.fixture
def make_item(app):
    """Return a factory storing an evidence item on a document through the service, not the form."""

    def make(document, **values) -> EvidenceItem:
        defaults = {"page_from": 1, "page_to": 1, "description": "Shows a purchase.",
                    "quotation": "", "technology": "", "vendor": "", "product": "",
                    "contract_number": "", "amount": None, "currency": "", "fact_date": None}
        defaults.update(values)
        if isinstance(defaults["amount"], str):
            defaults["amount"] = Decimal(defaults["amount"])
            defaults["currency"] = defaults["currency"] or "USD"
        return evidence_item_create(document=document, actor=None, values=defaults)

    return make


@pytest.fixture
def cite(app):
    """Return a function making a letter that cites the given evidence items."""

    def make(title, *items) -> Letter:
        letter = Letter(organisation_id=items[0].organisation_id, title=title,
                        letter_date=date(2026, 4, 1), body="")
        letter.citations = [LetterCitation(evidence_item_id=item.id, number=n)
                            for n, item in enumerate(items, start=1)]
        db.session.add(letter)
        db.session.commit()
        return letter

    return make
