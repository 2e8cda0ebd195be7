"""The evidence list: filters, bad filters, sorting, pagination, export links, query count."""

import re
from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from foia_tracker.evidence.filters import filters_from_args
from foia_tracker.evidence.query import EvidenceFilters
from foia_tracker.records.forms import UNKNOWN_AGENCY


def shown_items(page_text: str) -> list[str]:
    """Return the descriptions in the list's table, in order."""
    return re.findall(r'<td>(Item [^<]*)</td>', page_text)


@pytest.fixture
def three_items(make_user, make_agency, pdf_document, make_item):
    user = make_user()
    sheriff = make_agency("Washington County Sheriff", jurisdiction="OR")
    police = make_agency("Seattle Police", jurisdiction="WA")
    first = pdf_document(user, agency=sheriff)
    second = pdf_document(user, agency=police)
    make_item(first, description="Item A rekognition invoice", technology="Face recognition",
              vendor="Amazon Web Services", amount="12500.00", fact_date=date(2026, 1, 10))
    make_item(first, description="Item B policy memo", page_from=2, page_to=3)
    make_item(second, description="Item C drone purchase", technology="Drones", vendor="DJI",
              amount="900.00", fact_date=date(2025, 6, 1))
    return user, sheriff, police, first, second


@pytest.mark.parametrize("args, expected", [
    ({}, ["Item C drone purchase", "Item B policy memo", "Item A rekognition invoice"]),
    ({"q": "REKOGNITION"}, ["Item A rekognition invoice"]),
    ({"q": "amazon"}, ["Item A rekognition invoice"]),
    ({"q": "100%"}, []),
    ({"technology": "Drones"}, ["Item C drone purchase"]),
    ({"vendor": "dji"}, ["Item C drone purchase"]),
    ({"jurisdiction": "OR"}, ["Item B policy memo", "Item A rekognition invoice"]),
    ({"purchases": "y"}, ["Item C drone purchase", "Item A rekognition invoice"]),
    ({"date_from": "2026-01-01"}, ["Item A rekognition invoice"]),
    ({"date_to": "2025-12-31"}, ["Item C drone purchase"]),
    ({"sort": "amount"}, ["Item A rekognition invoice", "Item C drone purchase", "Item B policy memo"]),
    ({"sort": "date"}, ["Item A rekognition invoice", "Item C drone purchase", "Item B policy memo"]),
    ({"sort": "date_asc"}, ["Item C drone purchase", "Item A rekognition invoice", "Item B policy memo"]),
    ({"sort": "vendor"}, ["Item B policy memo", "Item A rekognition invoice", "Item C drone purchase"]),
])
def test_the_list_filters_and_sorts(client, login, three_items, args, expected):
    login(three_items[0])
    page = client.get("/evidence", query_string=args)
    assert page.status_code == 200
    assert shown_items(page.text) == expected


def test_filtering_by_agency_and_request(client, login, three_items):
    user, sheriff, police, first, second = three_items
    login(user)
    assert shown_items(client.get(f"/evidence?agency={police.id}").text) == ["Item C drone purchase"]
    assert shown_items(client.get(f"/evidence?request={first.request_id}").text) == [
        "Item B policy memo", "Item A rekognition invoice"]
    assert shown_items(client.get("/evidence?agency_name=seattle").text) == ["Item C drone purchase"]


def test_an_agency_chosen_by_a_link_is_named_with_a_way_back(client, login, three_items):
    user, sheriff, police, first, second = three_items
    login(user)
    page = client.get(f"/evidence?agency={police.id}&technology=Drones&page=1").text
    chosen = re.search(r'<p class="chosen-agency"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "Seattle Police" in chosen
    assert 'href="/evidence?technology=Drones"' in chosen
    # The list has no select of every agency; the id rides along in a hidden input.
    assert f'<input id="agency" name="agency" type="hidden" value="{police.id}">' in page
    assert '<select id="agency"' not in page


def test_the_list_shows_exhibit_agency_request_pages_and_facts(client, login, three_items):
    user, sheriff, police, first, second = three_items
    login(user)
    page = client.get("/evidence").text
    for text in (first.exhibit_number, second.exhibit_number, "Washington County Sheriff",
                 first.request.reference, "pp. 2–3", "$12,500.00 USD", "DJI", "2026-01-10"):
        assert text in page


@pytest.mark.parametrize("args, field, message", [
    ({"date_from": "2026-02-30"}, "date_from", "February 2026 has 28 days: there is no 2026-02-30."),
    ({"date_from": "2026-02-01", "date_to": "2026-01-01"}, "date_to", "The end of the range is before its start."),
    ({"agency": "sheriff"}, "agency", UNKNOWN_AGENCY),
    ({"agency": "99999999999"}, "agency", UNKNOWN_AGENCY),
    ({"agency": "999999"}, "agency", UNKNOWN_AGENCY),
    ({"agency_name": "x" * 201}, "agency_name", "Field cannot be longer than 200 characters."),
    ({"request": "OR-2026-0001"}, "request", "Give a request by its number in this app."),
    ({"sort": "password"}, "sort", "Choose a sort order from the list."),
    ({"technology": "Telepathy"}, "technology", "Choose a technology from the list."),
    ({"jurisdiction": "XX"}, "jurisdiction", "Choose a jurisdiction from the list."),
])
def test_bad_filters_answer_400_with_the_message_next_to_the_filter(
        client, login, three_items, args, field, message):
    login(three_items[0])
    page = client.get("/evidence", query_string=args)
    assert page.status_code == 400
    assert f'id="{field}-error">{message}' in page.text


@pytest.mark.parametrize("args, errors", [
    ({}, {}),
    ({"sort": "nope", "agency": "x"}, {"sort": "Choose a sort order from the list.",
                                       "agency": UNKNOWN_AGENCY}),
])
def test_filters_from_args_reports_errors_by_argument(app, args, errors):
    assert filters_from_args(MultiDict(args))[1] == errors


def test_filters_from_args_reads_every_filter(app):
    filters, errors = filters_from_args(MultiDict({
        "q": " contract ", "technology": "Drones", "vendor": "DJI", "agency": "3",
        "agency_name": " sheriff ", "request": "4",
        "jurisdiction": "OR", "date_from": "2026-01-01", "date_to": "2026-12-31", "purchases": "y",
        "sort": "amount"}))
    assert errors == {}
    assert filters == EvidenceFilters(
        text="contract", technology="Drones", vendor="DJI", agency_id=3,
        agency_name="sheriff", request_id=4,
        jurisdiction="OR", date_from=date(2026, 1, 1), date_to=date(2026, 12, 31),
        purchases_only=True, sort="amount")


def test_export_links_carry_the_filters(client, login, three_items):
    login(three_items[0])
    page = client.get("/evidence?technology=Drones&vendor=DJI&page=1").text
    for fmt in ("csv", "xlsx", "json", "md", "docx", "html", "zip"):
        link = re.search(rf'href="([^"]*evidence[^"]*{fmt}[^"]*)"', page)
        assert link, fmt
        assert "technology=Drones" in link.group(1) and "vendor=DJI" in link.group(1)
        assert "page=" not in link.group(1)


def test_the_list_is_paginated(app, client, make_user, login, pdf_document, make_item):
    user = login(make_user())
    document = pdf_document(user)
    for n in range(app.config["PER_PAGE"] + 2):
        make_item(document, description=f"Item {n:03d}")
    first = client.get("/evidence").text
    assert len(shown_items(first)) == app.config["PER_PAGE"] and "Page 1 of 2" in first
    second = client.get("/evidence?page=2").text
    assert shown_items(second) == ["Item 001", "Item 000"]


def test_the_list_query_count_does_not_grow_with_rows(
        client, make_user, make_agency, login, pdf_document, make_item, count_queries):
    user = login(make_user())

    def statements() -> int:
        with count_queries() as seen:
            assert client.get("/evidence").status_code == 200
        return len(seen)

    make_item(pdf_document(user), description="Item one", vendor="V", amount="1.00")
    few = statements()
    for n in range(6):
        document = pdf_document(user, agency=make_agency(f"Listed agency {n}"))
        make_item(document, description=f"Item {n}", vendor="V", amount="2.00")
    assert statements() == few
