"""The purchases page's charts: drawn on the server, escaped, with their numbers as a table and
as CSV, as SVG and PNG downloads; amounts added up in SQL for the filtered purchases."""

import csv
import io
import re
from datetime import date

from PIL import Image

from foia_tracker.users.models import Role

HOSTILE_VENDOR = '=HYPERLINK("http://evil")<script>alert("x")</script>'


def seed(make_user, make_agency, pdf_document, make_item, organisation=None):
    user = make_user(role=Role.editor, organisation=organisation)
    oregon = make_agency("Washington County Sheriff", jurisdiction="OR")
    seattle = make_agency("Seattle Police", jurisdiction="WA")
    in_oregon, in_seattle = pdf_document(user, agency=oregon), pdf_document(user, agency=seattle)
    make_item(in_oregon, vendor="Amazon Web Services", amount="12500.00", fact_date=date(2025, 3, 1))
    make_item(in_oregon, vendor="Amazon Web Services", amount="500.25", fact_date=date(2026, 1, 5))
    make_item(in_seattle, vendor=HOSTILE_VENDOR, amount="3000.00", fact_date=date(2026, 2, 1))
    make_item(in_seattle, vendor="Clearview AI", amount="900.00", currency="EUR",
              fact_date=date(2026, 2, 2))
    return user


def test_charts_show_the_spend_by_year_agency_and_vendor_with_their_numbers(
        client, login, make_user, make_agency, pdf_document, make_item):
    login(seed(make_user, make_agency, pdf_document, make_item))
    page = client.get("/evidence/purchases").text
    assert '<h2 id="all-purchases">All purchases</h2>' in page
    assert "amounts in EUR are in the totals below" in page
    years = re.search(r'<figure class="chart" id="chart-years">.*?</figure>', page, re.S).group(0)
    assert re.search(r'<img src="/evidence/purchases/charts/years.svg" alt="Spend by year \(USD\): '
                     r'2025: 12,500.00 USD; 2026: 3,500.25 USD.">', years)
    assert "<td>2026</td><td class=\"amount\">$3,500.25 USD</td>" in years
    agencies = client.get("/evidence/purchases/charts/agencies.csv?download=1")
    assert agencies.headers["Content-Disposition"].startswith("attachment")
    assert list(csv.reader(io.StringIO(agencies.text))) == [
        ["Agency", "Amount (USD)"], ["Washington County Sheriff", "13000.25"],
        ["Seattle Police", "3000.00"]]
    vendors = list(csv.reader(io.StringIO(client.get("/evidence/purchases/charts/vendors.csv").text)))
    assert vendors[1] == ["Amazon Web Services", "13000.25"]
    assert vendors[2] == ["'" + HOSTILE_VENDOR, "3000.00"], "a formula is neutralised"


def test_the_svg_escapes_names_loads_nothing_and_the_png_is_an_image(
        client, login, make_user, make_agency, pdf_document, make_item):
    login(seed(make_user, make_agency, pdf_document, make_item))
    svg = client.get("/evidence/purchases/charts/vendors.svg")
    assert svg.status_code == 200 and svg.headers["Content-Type"] == "image/svg+xml"
    assert b"&lt;script&gt;alert" in svg.data and b'<script>alert' not in svg.data
    assert b"http://kozea" not in svg.data and b"xlink:href=\"//" not in svg.data
    png = client.get("/evidence/purchases/charts/years.png")
    assert png.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(png.data)).size[0] == 720
    page = client.get("/evidence/purchases").text
    assert "&lt;script&gt;alert" in page and '<script>alert' not in page


def test_filters_narrow_the_charts_and_bad_input_is_refused(
        client, login, make_user, make_agency, pdf_document, make_item):
    login(seed(make_user, make_agency, pdf_document, make_item))
    narrowed = client.get("/evidence/purchases/charts/years.csv?year=2026").text
    assert list(csv.reader(io.StringIO(narrowed)))[1:] == [["2026", "3500.25"]]
    assert client.get("/evidence/purchases/charts/years.csv?year=nineteen").status_code == 400
    assert client.get("/evidence/purchases/charts/pie.svg").status_code == 404
    assert client.get("/evidence/purchases/charts/years.gif").status_code == 404
    assert client.get("/evidence/purchases/charts/years.svg?vendor=nobody").status_code == 404


def test_another_organisation_sees_none_of_it(
        client, login, make_user, make_agency, pdf_document, make_item):
    seed(make_user, make_agency, pdf_document, make_item)
    login(make_user())
    assert client.get("/evidence/purchases/charts/agencies.csv").status_code == 404
    assert 'id="charts"' not in client.get("/evidence/purchases").text


def test_stray_chart_arguments_in_the_page_address_are_ignored(
        client, login, make_user, make_agency, pdf_document, make_item):
    login(seed(make_user, make_agency, pdf_document, make_item))
    page = client.get("/evidence/purchases?kind=pie&fmt=gif&download=1&page=1")
    assert page.status_code == 200
    assert '<img src="/evidence/purchases/charts/years.svg"' in page.text
