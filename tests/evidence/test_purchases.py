"""The purchases page: which agencies bought what, when, for how much; totals per currency."""

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import inspect

from foia_tracker.db_types import utcnow
from foia_tracker.evidence import purchase_charts
from foia_tracker.evidence.models import DATE_ORDER_INDEX
from foia_tracker.evidence.purchases import format_amount, purchase_summary, summary_of, summed_totals
from foia_tracker.evidence.query import EvidenceFilters
from foia_tracker.evidence.services import (
    EvidenceCited, evidence_item_delete, evidence_item_update,
)
from foia_tracker.extensions import db
from foia_tracker.records.services import request_update
from foia_tracker.records.forms import UNKNOWN_AGENCY
from foia_tracker.users.models import Role


def rows(page_text: str) -> list[str]:
    """Return the contract numbers of the purchases table's rows, in order."""
    table = page_text.split('<table class="purchases">')[1]
    return re.findall(r"<td>(PO-[^<]*)</td>", table)


def currency_totals(page_text: str) -> str:
    return re.search(r'id="currency-totals">(.*?)</span></p>', page_text, re.S).group(1)


@pytest.fixture
def purchases(make_user, make_agency, pdf_document, make_item):
    user = make_user()
    oregon = make_agency("Washington County Sheriff", jurisdiction="OR")
    washington = make_agency("Seattle Police", jurisdiction="WA")
    in_oregon, in_washington = pdf_document(user, agency=oregon), pdf_document(user, agency=washington)
    make_item(in_oregon, technology="Face recognition", vendor="Amazon Web Services",
              product="Amazon Rekognition", contract_number="PO-1", amount="12500.00",
              fact_date=date(2026, 1, 10))
    make_item(in_oregon, technology="Face recognition", vendor="Amazon Web Services",
              contract_number="PO-2", amount="0.10", fact_date=date(2026, 3, 1))
    make_item(in_washington, technology="Drones", vendor="DJI", contract_number="PO-3",
              amount="900.20", currency="EUR", fact_date=date(2025, 6, 1))
    make_item(in_washington, technology="Automated licence-plate readers", vendor="Flock Safety",
              contract_number="PO-4", fact_date=None)
    # Not a purchase: no vendor, product, contract or amount.
    make_item(in_oregon, technology="Face recognition", description="Policy memo PO-X")
    return user, oregon, washington


@pytest.mark.parametrize("args, expected", [
    ({}, ["PO-2", "PO-1", "PO-3", "PO-4"]),
    ({"sort": "date_asc"}, ["PO-3", "PO-1", "PO-2", "PO-4"]),
    ({"sort": "amount"}, ["PO-1", "PO-3", "PO-2", "PO-4"]),
    ({"sort": "vendor"}, ["PO-1", "PO-2", "PO-3", "PO-4"]),
    ({"sort": "agency"}, ["PO-3", "PO-4", "PO-1", "PO-2"]),
    ({"technology": "Face recognition"}, ["PO-2", "PO-1"]),
    ({"vendor": "amazon"}, ["PO-2", "PO-1"]),
    ({"jurisdiction": "WA"}, ["PO-3", "PO-4"]),
    ({"year": "2026"}, ["PO-2", "PO-1"]),
    ({"year": "2026", "date_to": "2026-02-01"}, ["PO-1"]),
    ({"date_from": "2025-01-01", "date_to": "2025-12-31"}, ["PO-3"]),
])
def test_purchases_filter_and_sort(client, login, purchases, args, expected):
    login(purchases[0])
    page = client.get("/evidence/purchases", query_string=args)
    assert page.status_code == 200
    assert rows(page.text) == expected


@pytest.mark.parametrize("sort, expected", [
    ("date", ["PO-2", "PO-1", "PO-3", "PO-4"]),
    ("amount", ["PO-1", "PO-3", "PO-2", "PO-4"]),
    ("agency", ["PO-3", "PO-4", "PO-1", "PO-2"]),
])
def test_pages_follow_the_order_and_keep_the_totals(app, client, login, purchases, sort, expected):
    app.config["PER_PAGE"] = 3
    login(purchases[0])
    pages = [client.get("/evidence/purchases", query_string={"sort": sort, "page": n}).text
             for n in (1, 2)]
    assert [rows(page) for page in pages] == [expected[:3], expected[3:]]
    for page in pages:
        assert "4 purchases" in page and "(4 in all)" in page
        assert currency_totals(page) == currency_totals(pages[0])


def test_purchases_of_one_day_list_the_latest_entered_first_and_undated_last(
        app, client, login, make_user, pdf_document, make_item):
    document = pdf_document(login(make_user()))
    for n in range(1, 6):
        make_item(document, vendor="Axon", contract_number=f"PO-{n}", fact_date=date(2026, 2, 2))
    make_item(document, vendor="Axon", contract_number="PO-6")
    app.config["PER_PAGE"] = 4
    pages = [rows(client.get(f"/evidence/purchases?page={n}").text) for n in (1, 2)]
    assert pages == [["PO-5", "PO-4", "PO-3", "PO-2"], ["PO-1", "PO-6"]]


def test_a_deleted_documents_purchases_are_neither_listed_nor_counted(
        client, login, purchases, pdf_document, make_item):
    document = pdf_document(login(purchases[0]))
    make_item(document, vendor="Hidden Vendor", contract_number="PO-9", amount="5.00")
    document.deleted_at, document.deletion_reason = utcnow(), "Uploaded to the wrong request"
    db.session.commit()
    page = client.get("/evidence/purchases").text
    assert "PO-9" not in rows(page) and "Hidden Vendor" not in page
    assert "4 purchases" in page and "$12,500.10 USD" in currency_totals(page)


def test_the_newest_first_order_has_its_index_on_every_database(app):
    assert DATE_ORDER_INDEX in {index["name"] for index in
                                inspect(db.engine).get_indexes("evidence_item")}


def test_purchases_filter_by_agency(client, login, purchases):
    user, oregon, washington = purchases
    login(user)
    assert rows(client.get(f"/evidence/purchases?agency={oregon.id}").text) == ["PO-2", "PO-1"]
    assert rows(client.get("/evidence/purchases?agency_name=SHERIFF").text) == ["PO-2", "PO-1"]
    assert rows(client.get("/evidence/purchases?agency_name=%25").text) == []


def test_each_row_shows_who_bought_what_when_for_how_much(client, login, purchases):
    login(purchases[0])
    page = client.get("/evidence/purchases?technology=Face+recognition&sort=amount").text
    row = page.split('<table class="purchases">')[1].split("</tr>")[1]
    for text in ("2026-01-10", "Washington County Sheriff", "Oregon", "Face recognition",
                 "Amazon Web Services", "Amazon Rekognition", "PO-1", "$12,500.00 USD",
                 "/evidence/", "/requests/"):
        assert text in row, text


def test_totals_are_per_currency_over_the_filtered_set(client, login, purchases):
    login(purchases[0])
    page = client.get("/evidence/purchases").text
    assert currency_totals(page).split(", ") == [
        '<span class="nowrap">€900.20 EUR</span>', '<span class="nowrap">$12,500.10 USD</span>']
    assert "4 purchases" in page
    washington = client.get("/evidence/purchases?jurisdiction=WA").text
    assert "€900.20 EUR" in currency_totals(washington) and "USD" not in currency_totals(washington)
    # Totals cover every page of the list, not only the rows shown.
    assert "2 purchases" in washington


def test_summary_by_technology_and_vendor(client, login, purchases):
    login(purchases[0])
    page = client.get("/evidence/purchases").text
    by_technology = page.split('class="summary summary-technology"')[1].split("</table>")[0]
    assert re.search(r"<td>Face recognition</td><td>2</td><td>.*\$12,500.10 USD", by_technology)
    by_vendor = page.split('class="summary summary-vendor"')[1].split("</table>")[0]
    assert re.search(r"<td>Flock Safety</td><td>1</td><td>—</td>", by_vendor)


def test_totals_stay_exact_to_the_cent(client, login, make_user, pdf_document, make_item):
    user = login(make_user())
    document = pdf_document(user)
    for _ in range(10):
        make_item(document, vendor="V", amount="0.10")
    make_item(document, vendor="V", amount="9999999999999.99")
    assert "$10,000,000,000,000.99 USD" in currency_totals(client.get("/evidence/purchases").text)


@pytest.mark.parametrize("args, field, message", [
    ({"year": "twenty"}, "year", "Not a valid integer value."),
    ({"year": "99999"}, "year", "Enter a year between 1900 and 2100."),
    ({"date_from": "2026-05-01", "date_to": "2026-01-01"}, "date_to", "The end of the range is before its start."),
    ({"sort": "created"}, "sort", "Choose a sort order from the list."),
    ({"agency": "x"}, "agency", UNKNOWN_AGENCY),
    ({"agency": "424242"}, "agency", UNKNOWN_AGENCY),
    ({"jurisdiction": "ZZ"}, "jurisdiction", "Choose a jurisdiction from the list."),
])
def test_bad_purchase_filters_answer_400(client, login, purchases, args, field, message):
    login(purchases[0])
    page = client.get("/evidence/purchases", query_string=args)
    assert page.status_code == 400
    assert f'id="{field}-error">{message}' in page.text


def test_purchases_of_another_organisation_are_not_counted(
        client, make_user, login, purchases, pdf_document, make_item):
    login(make_user(role=Role.viewer))
    page = client.get("/evidence/purchases").text
    assert rows(page) == [] and "No purchases match." in page
    assert currency_totals(page) == "—"


@pytest.mark.parametrize("amount, currency, text", [
    (Decimal("12500"), "USD", "$12,500.00 USD"),
    (Decimal("0.5"), "EUR", "€0.50 EUR"),
    (Decimal("1234567.89"), "GBP", "£1,234,567.89 GBP"),
    (Decimal("10"), "CHF", "10.00 CHF"),
    (Decimal("9999999999999.99"), "USD", "$9,999,999,999,999.99 USD"),
    (None, "USD", ""),
])
def test_amounts_are_formatted_with_their_currency_code(amount, currency, text):
    assert format_amount(amount, currency) == text


def test_the_kept_totals_always_equal_the_purchases_added_up(
        app, make_user, make_agency, pdf_document, make_item, cite):
    user = make_user()
    other = make_user(organisation=None)
    agencies = [make_agency("Lane County Sheriff", "OR"), make_agency("Austin Police", "TX")]
    first, second = pdf_document(user, agency=agencies[0]), pdf_document(user, agency=agencies[1])
    elsewhere = pdf_document(other, agency=agencies[0])
    organisation_id = user.organisation_id

    def check(technology=""):
        filters = EvidenceFilters(purchases_only=True, technology=technology, sort="date")
        kept = purchase_summary(organisation_id, filters)
        assert kept == summary_of(summed_totals(organisation_id, filters))
        for agency_filters in ({}, {"agency_id": agencies[0].id}, {"agency_name": "sheriff"},
                               {"jurisdiction": "OR"}):
            charts_agree(replace(filters, **agency_filters))
        return kept

    def charts_agree(filters):
        # The agency and year charts read kept sums; they equal the purchases added up.
        for currency in ("USD", "EUR", "GBP"):
            assert purchase_charts._kept("years", organisation_id, filters, currency) == \
                purchase_charts._by_year(organisation_id, filters, currency)
            assert purchase_charts._kept("agencies", organisation_id, filters, currency) == \
                purchase_charts._by_agency(organisation_id, filters, currency)

    def spend(kind, currency="USD"):
        return {point.label: str(point.value) for point in purchase_charts._kept(
            kind, organisation_id, EvidenceFilters(purchases_only=True), currency)}

    def totals():
        return {total.currency: (total.formatted, total.count) for total in check().totals}

    drone = make_item(first, technology="Drones", vendor="DJI", amount="900.20", currency="EUR",
                      fact_date=date(2023, 5, 1))
    face = make_item(first, technology="Face recognition", vendor="Clearview AI",
                     contract_number="PO-7", amount="12500.05", fact_date=date(2024, 2, 1))
    unpriced = make_item(second, technology="Face recognition", vendor="Clearview AI")
    make_item(second, description="Not a purchase: no vendor, product, number or amount.")
    make_item(elsewhere, vendor="Axon", amount="1.00")
    assert totals() == {"EUR": ("€900.20 EUR", 1), "USD": ("$12,500.05 USD", 1)}
    assert check().count == 3 and check("Face recognition").count == 2

    # Edits that move an item to another vendor, currency or amount, or out of the purchases.
    evidence_item_update(item=face, values={"vendor": "Axon", "amount": Decimal("10.10")})
    evidence_item_update(item=drone, values={"currency": "USD"})
    evidence_item_update(item=unpriced, values={"vendor": "", "technology": "Drones"})
    assert totals() == {"USD": ("$910.30 USD", 2)}
    assert check().count == 2 and check("Face recognition").count == 1
    evidence_item_update(item=unpriced, values={"amount": Decimal("0.01"), "currency": "GBP"})
    assert totals() == {"GBP": ("£0.01 GBP", 1), "USD": ("$910.30 USD", 2)}

    # A delete, a delete that a citing letter refuses, and a deleted document.
    evidence_item_delete(item=face)
    letter = cite("Letter", drone)
    with pytest.raises(EvidenceCited):
        evidence_item_delete(item=drone)
    assert totals() == {"GBP": ("£0.01 GBP", 1), "USD": ("$900.20 USD", 1)}
    second.deleted_at, second.deletion_reason = utcnow(), "Uploaded to the wrong request"
    db.session.commit()
    assert totals() == {"USD": ("$900.20 USD", 1)} and check("Drones").count == 1
    assert letter.citations
    assert spend("years") == {"2023": "900.20"}
    assert spend("agencies") == {"Lane County Sheriff": "900.20"}

    # A restored document, a date edit, then a request moved to another agency.
    second.deleted_at, second.deletion_reason = None, ""
    db.session.commit()
    evidence_item_update(item=unpriced, values={"currency": "USD", "fact_date": date(2024, 1, 9)})
    assert spend("years") == {"2023": "900.20", "2024": "0.01"}
    assert spend("agencies") == {"Lane County Sheriff": "900.20", "Austin Police": "0.01"}
    check()
    make_item(first, technology="Drones", amount="5.00", fact_date=date(2022, 3, 4))
    check()
    request = first.request
    request_update(request=request, actor=user, values={
        "agency_id": agencies[1].id, "title": request.title, "body": request.body,
        "channel": request.channel, "received_on": request.received_on,
        "assignee_id": request.assignee_id, "tags": [], "tracking_numbers": [],
        "sent_on": None})
    assert spend("agencies") == {"Austin Police": "905.21"}
    check()
    # The other organisation's purchase is counted for it alone.
    assert purchase_summary(other.organisation_id, EvidenceFilters(purchases_only=True)).count == 1


def test_the_agency_chart_ranks_many_agencies_as_the_purchases_added_up_do(
        app, make_user, make_agency, pdf_document, make_item):
    # More agencies than the chart shows, ties at its edge broken by name, and a deleted
    # document whose purchase still sits in the kept sums and must drop its agency out.
    user = make_user()
    amounts = {"Zeta Police": "50.00", "Alpha Sheriff": "50.00", "Mu Police": "50.00",
               "Beta Police": "70.00", "Gamma Police": "90.00", "Delta Police": "10.00",
               "Eta Police": "20.00", "Theta Police": "30.00", "Iota Police": "40.00",
               "Kappa Police": "60.00", "Lambda Police": "80.00", "Nu Police": "5.00",
               "Omicron Police": "50.00"}
    documents = {}
    for name, amount in amounts.items():
        documents[name] = pdf_document(user, agency=make_agency(name, "OR"))
        make_item(documents[name], vendor="Axon", amount=amount, fact_date=date(2024, 1, 1))
    deleted = pdf_document(user, agency=make_agency("Omega Police", "OR"))
    make_item(deleted, vendor="Axon", amount="999.00", fact_date=date(2024, 1, 1))
    deleted.deleted_at, deleted.deletion_reason = utcnow(), "Uploaded to the wrong request"
    db.session.commit()
    filters = EvidenceFilters(purchases_only=True)

    charted = purchase_charts._kept("agencies", user.organisation_id, filters, "USD")

    assert charted == purchase_charts._by_agency(user.organisation_id, filters, "USD")
    assert [point.label for point in charted] == [
        "Gamma Police", "Lambda Police", "Beta Police", "Kappa Police", "Alpha Sheriff",
        "Mu Police", "Omicron Police", "Zeta Police", "Iota Police", "Theta Police"]
    assert str(charted[0].value) == "90.00"
