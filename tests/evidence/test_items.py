"""Marking an excerpt of a document as evidence, changing it, viewing it and deleting it."""

from datetime import date
from decimal import Decimal

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import func, select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.web.date_field import WRONG_FORMAT

from ..conftest import csrf_token
from ..files import make_eml

FULL = {"page_from": "2", "page_to": "3", "quotation": "Amazon Rekognition, purchase order PO-77.",
        "description": "The sheriff bought face recognition.", "technology": "Face recognition",
        "vendor": "Amazon Web Services", "product": "Amazon Rekognition",
        "contract_number": "PO-77", "amount": "12,500.00", "currency": "USD",
        "fact_date": "2026-01-15"}


def submit(client, path, **values):
    return client.post(path, data=values | {"csrf_token": csrf_token(client, path)})


def item_count() -> int:
    return db.session.scalar(select(func.count()).select_from(EvidenceItem))


def test_an_editor_marks_an_excerpt_with_purchase_facts(client, make_user, login, pdf_document):
    user = login(make_user())
    document = pdf_document(user)
    response = submit(client, f"/documents/{document.id}/evidence/new", **FULL)
    assert response.status_code == 302, response.text
    item = db.session.scalar(select(EvidenceItem))
    assert (item.page_from, item.page_to, item.amount, item.currency) == (2, 3, Decimal("12500.00"), "USD")
    assert (item.vendor, item.product, item.contract_number) == ("Amazon Web Services", "Amazon Rekognition", "PO-77")
    assert item.fact_date == date(2026, 1, 15) and item.created_by_id == user.id
    page = client.get(response.location).text
    assert f"[@E{item.id}]" in page
    assert document.exhibit_number in page and "pp. 2–3" in page
    assert "$12,500.00 USD" in page
    assert document.request.reference in page and document.request.agency.name in page
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "EvidenceItem")).all()
    assert [entry.action for entry in audit] == ["created"]


def test_the_new_item_form_offers_usd_and_the_document(client, make_user, login, pdf_document):
    document = pdf_document(login(make_user()))
    page = client.get(f"/documents/{document.id}/evidence/new")
    assert page.status_code == 200
    assert 'name="currency" type="text" value="USD"' in page.text
    assert document.exhibit_number in page.text and "3 pages" in page.text


@pytest.mark.parametrize("pages, field, message", [
    ({"page_from": "4"}, "page_from", "This document has 3 pages."),
    ({"page_from": "1", "page_to": "9"}, "page_to", "This document has 3 pages."),
    ({"page_from": "3", "page_to": "2"}, "page_to", "The last page is before the first page."),
    ({"page_from": "0"}, "page_from", "Pages are numbered from 1."),
    ({"page_from": "-2"}, "page_from", "Pages are numbered from 1."),
    ({"page_from": "two"}, "page_from", "Enter a page number, e.g. 4."),
    ({"page_from": ""}, "page_from", "Enter the page the excerpt starts on."),
    ({"page_from": "", "page_to": "2"}, "page_from", "Enter the first page too."),
    ({"page_from": "9" * 5000}, "page_from", "Enter a page number, e.g. 4."),
])
def test_page_ranges_outside_the_document_are_refused(
        client, make_user, login, pdf_document, pages, field, message):
    document = pdf_document(login(make_user()))
    response = submit(client, f"/documents/{document.id}/evidence/new",
                      **(FULL | {"page_to": ""} | pages))
    assert response.status_code == 400
    assert f'id="{field}-error">{message}' in response.text
    assert item_count() == 0


def test_one_page_is_a_range_of_one(client, make_user, login, pdf_document):
    document = pdf_document(login(make_user()))
    assert submit(client, f"/documents/{document.id}/evidence/new",
                  **(FULL | {"page_from": "3", "page_to": ""})).status_code == 302
    item = db.session.scalar(select(EvidenceItem))
    assert (item.page_from, item.page_to) == (3, 3)


def test_pages_are_optional_for_documents_without_pages(
        client, make_user, login, make_request, make_document):
    user = login(make_user())
    document = make_document(make_request(user), make_eml("Contract", "We bought drones."),
                             name="mail.eml", media_type="message/rfc822")
    response = submit(client, f"/documents/{document.id}/evidence/new",
                      **(FULL | {"page_from": "", "page_to": ""}))
    assert response.status_code == 302
    item = db.session.scalar(select(EvidenceItem))
    assert (item.page_from, item.page_to) == (None, None)
    assert "p." not in client.get(response.location).text.split("Exhibit</dt>")[1].split("</dd>")[0]


def test_a_one_page_pdf_defaults_to_page_one(client, make_user, login, pdf_document):
    document = pdf_document(login(make_user()), pages=["A single page."])
    assert submit(client, f"/documents/{document.id}/evidence/new",
                  **(FULL | {"page_from": "", "page_to": ""})).status_code == 302
    item = db.session.scalar(select(EvidenceItem))
    assert (item.page_from, item.page_to) == (1, 1)


@pytest.mark.parametrize("amount, currency, field, message", [
    ("-5", "USD", "amount", "The amount cannot be negative."),
    ("10.005", "USD", "amount", "Use at most 2 decimal places (cents)."),
    ("ten dollars", "USD", "amount", "Enter the amount in figures"),
    ("1e5", "USD", "amount", "Enter the amount in figures"),
    ("NaN", "USD", "amount", "Enter the amount in figures"),
    ("10000000000000", "USD", "amount", "The amount is too large; check the figure."),
    ("9" * 5000, "USD", "amount", "Field cannot be longer than 40 characters."),
    ("12.50", "", "currency", "Give the currency of the amount, e.g. USD."),
    ("12.50", "dollars", "currency", "Enter a three-letter ISO 4217 code"),
    ("12.50", "US$", "currency", "Enter a three-letter ISO 4217 code"),
    ("12.50", "U1D", "currency", "Enter a three-letter ISO 4217 code"),
])
def test_bad_amounts_and_currencies_are_refused_next_to_the_field(
        client, make_user, login, pdf_document, amount, currency, field, message):
    document = pdf_document(login(make_user()))
    response = submit(client, f"/documents/{document.id}/evidence/new",
                      **(FULL | {"amount": amount, "currency": currency}))
    assert response.status_code == 400
    assert f'id="{field}-error">{message}' in response.text
    assert item_count() == 0


@pytest.mark.parametrize("amount, currency, stored", [
    ("12500", "USD", (Decimal("12500.00"), "USD")),
    ("$1,234,567.8", "usd", (Decimal("1234567.80"), "USD")),
    ("0", "EUR", (Decimal("0.00"), "EUR")),
    ("9999999999999.99", "JPY", (Decimal("9999999999999.99"), "JPY")),
    # A currency without an amount says nothing and is not kept.
    ("", "EUR", (None, "")),
    ("", "", (None, "")),
])
def test_amounts_are_kept_exactly_with_their_currency(
        client, make_user, login, pdf_document, amount, currency, stored):
    document = pdf_document(login(make_user()))
    response = submit(client, f"/documents/{document.id}/evidence/new",
                      **(FULL | {"amount": amount, "currency": currency}))
    assert response.status_code == 302, response.text
    item = db.session.scalar(select(EvidenceItem))
    assert (item.amount, item.currency) == stored


def test_description_is_required_and_technology_must_be_from_the_list(
        client, make_user, login, pdf_document):
    document = pdf_document(login(make_user()))
    response = submit(client, f"/documents/{document.id}/evidence/new",
                      **(FULL | {"description": "  ", "technology": "Mind reading"}))
    assert response.status_code == 400
    assert 'id="description-error">This field is required.' in response.text
    assert 'id="technology-error">' in response.text
    assert item_count() == 0


@pytest.mark.parametrize("fact_date, message", [
    ("2024-02-30", "February 2024 has 29 days: there is no 2024-02-30."),
    ("15/01/2026", WRONG_FORMAT),
    ("1850-01-01", "Enter a date between 1900 and 2100."),
])
def test_a_date_that_does_not_exist_is_refused_next_to_the_field(
        client, make_user, login, pdf_document, fact_date, message):
    document = pdf_document(login(make_user()))
    response = submit(client, f"/documents/{document.id}/evidence/new",
                      **(FULL | {"fact_date": fact_date}))
    assert response.status_code == 400
    assert f'id="fact_date-error">{message}' in response.text
    assert item_count() == 0


def test_edit_changes_the_item_and_is_audited(client, make_user, login, pdf_document, make_item):
    user = login(make_user())
    item = make_item(pdf_document(user), amount="100.00", vendor="Clearview AI")
    page = client.get(f"/evidence/{item.id}/edit")
    assert page.status_code == 200 and 'value="100.00"' in page.text and "Clearview AI" in page.text
    response = submit(client, f"/evidence/{item.id}/edit", **(FULL | {"amount": "250.5", "currency": "EUR"}))
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.get(EvidenceItem, item.id)
    assert (item.amount, item.currency, item.vendor) == (Decimal("250.50"), "EUR", "Amazon Web Services")
    assert "€250.50 EUR" in client.get(response.location).text
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "EvidenceItem", AuditEvent.object_id == item.id)).all()
    assert "changed" in actions


def test_an_invalid_edit_changes_nothing(client, make_user, login, pdf_document, make_item):
    item = make_item(pdf_document(login(make_user())), description="Original")
    response = submit(client, f"/evidence/{item.id}/edit", **(FULL | {"page_from": "7", "description": "New"}))
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(EvidenceItem, item.id).description == "Original"


def test_delete_removes_an_uncited_item(client, make_user, login, pdf_document, make_item):
    item = make_item(pdf_document(login(make_user())))
    response = submit(client, f"/evidence/{item.id}/delete")
    assert response.status_code == 302 and item_count() == 0
    assert client.get(f"/evidence/{item.id}").status_code == 404
    actions = db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "EvidenceItem")).all()
    assert "deleted" in actions


def test_delete_is_refused_while_a_letter_cites_the_item(
        client, make_user, login, pdf_document, make_item, cite):
    item = make_item(pdf_document(login(make_user())))
    cite("Letter to the County Board", item)
    cite("Coalition letter <b>", item)
    page = client.get(f"/evidence/{item.id}").text
    assert "Letter to the County Board" in page and "Coalition letter &lt;b&gt;" in page
    response = client.post(f"/evidence/{item.id}/delete",
                           data={"csrf_token": csrf_token(client, f"/evidence/{item.id}")})
    assert response.status_code == 409
    assert "Letter to the County Board" in response.text and "Not deleted" in response.text
    assert item_count() == 1


def test_the_document_partial_lists_its_items_and_offers_marking(
        app, make_user, pdf_document, make_item):
    editor = make_user()
    document = pdf_document(editor)
    other = pdf_document(editor)
    item = make_item(document, page_from=2, page_to=3, description="Invoice <i>")
    make_item(other, description="Other document's item")
    with app.test_request_context():
        login_user(editor)
        html = render_template_string('{% include "evidence/_document_items.html" %}', document=document)
    assert f"/evidence/{item.id}" in html and "pp. 2–3" in html and "Invoice &lt;i&gt;" in html
    assert "Other document" not in html
    assert f"/documents/{document.id}/evidence/new" in html
    viewer = make_user(role=editor.role.__class__.viewer, organisation=editor.organisation)
    with app.test_request_context():
        login_user(viewer)
        html = render_template_string('{% include "evidence/_document_items.html" %}', document=document)
    assert "/evidence/new" not in html and f"/evidence/{item.id}" in html


def test_the_document_page_shows_its_evidence(client, make_user, login, pdf_document, make_item):
    document = pdf_document(login(make_user()))
    item = make_item(document, page_from=3, page_to=3, description="Invoice for Rekognition")
    page = client.get(f"/documents/{document.id}")
    assert page.status_code == 200
    assert "Invoice for Rekognition" in page.text and f"/evidence/{item.id}" in page.text
    assert f"/documents/{document.id}/evidence/new" in page.text
