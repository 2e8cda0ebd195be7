"""From a released PDF to a cited letter: upload, mark an excerpt, cite it, download the CSV."""

import csv
import io
import re
from datetime import date

from playwright.sync_api import expect

from foia_tracker.communications.services import communication_log
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.documents.extraction import extraction_run
from tests.files import make_pdf

from .conftest import assert_fits_phone, fresh_session, log_in

RELEASED_ON = date(2026, 3, 12)


def test_a_released_pdf_becomes_a_footnoted_citation_and_a_csv_evidence_list(
        live_server, browser_page, make_user, make_agency, make_request, tmp_path):
    user = make_user()
    agency = make_agency("Washington County Sheriff's Office", jurisdiction="OR")
    request = make_request(user, agency=agency, title="Amazon Rekognition contracts",
                           sent_on=date(2026, 2, 2))
    communication_log(request=request, actor=user, values={
        "direction": Direction.received, "kind": Kind.final_release,
        "occurred_on": RELEASED_ON, "summary": "Final release: contract and invoices"})
    reference, request_id = request.reference, request.id
    release = tmp_path / "Rekognition contract.pdf"
    release.write_bytes(make_pdf(["Service order for the Sheriff's Office.",
                                  "Amazon Rekognition: set-up and data load, 12,500.00 USD."]))

    page = browser_page
    log_in(page, live_server, user.email)

    # Upload the release, saying which timeline entry it came with.
    page.goto(f"{live_server}/requests/{request_id}")
    page.get_by_label("Files", exact=True).set_input_files(str(release))
    came_with = page.get_by_label("Came with", exact=True)
    came_with.select_option(label=came_with.locator("option", has_text="Final release").inner_text())
    page.get_by_role("button", name="Upload").click()
    exhibit = f"{reference}-001"
    row = page.locator("table.documents tr").filter(has_text=exhibit)
    expect(row).to_contain_text("Rekognition contract.pdf")
    expect(row).to_contain_text(str(RELEASED_ON))

    # Once the background job has read its text, the release is searchable by page.
    fresh_session()
    assert extraction_run().done == 1
    page.goto(f"{live_server}/search?q=Rekognition")
    hit = page.locator(".search-hit").filter(has_text=exhibit)
    expect(hit).to_contain_text("p. 2")
    expect(hit.locator("mark")).to_have_text("Rekognition")

    # Mark page 2 as evidence of a purchase.
    page.goto(f"{live_server}/requests/{request_id}")
    row.get_by_role("link", name=exhibit).click()
    page.get_by_role("link", name="Mark an excerpt as evidence").click()
    page.get_by_label("First page", exact=True).fill("2")
    page.get_by_label("Quotation", exact=True).fill("set-up and data load, 12,500.00 USD")
    page.get_by_label("Description", exact=True).fill("The Sheriff bought Amazon Rekognition.")
    page.get_by_label("Technology", exact=True).select_option("Face recognition")
    page.get_by_label("Vendor", exact=True).fill("Amazon Web Services")
    page.get_by_label("Product", exact=True).fill("Amazon Rekognition")
    page.get_by_label("Amount", exact=True).fill("12,500.00")
    page.get_by_label("Currency", exact=True).fill("USD")
    page.get_by_role("button", name="Mark as evidence").click()
    code = page.get_by_label("Citation code").input_value()
    assert re.fullmatch(r"\[@E\d+\]", code)

    # Cite it in a letter.
    page.goto(f"{live_server}/letters/new")
    page.get_by_label("Title", exact=True).fill("Face surveillance in Washington County")
    page.get_by_label("Addressee", exact=True).fill("Board of County Commissioners")
    page.get_by_label("Date", exact=True).fill("2026-11-26")
    page.get_by_label("Body", exact=True).fill(f"The Sheriff bought face recognition {code}.")
    page.get_by_label("Signatories", exact=True).fill("Oregon Civil Liberties Union")
    page.get_by_role("button", name="Save letter").click()
    expect(page.locator("sup.fnref")).to_have_text("1")
    expect(page.locator(".footnotes")).to_contain_text(
        "Records produced by the Washington County Sheriff's Office (Oregon) in response to "
        f"public records request {reference}, received March 12, 2026, Exhibit {exhibit}, p. 2.")

    # Download the evidence list as CSV and read it back.
    with page.expect_download() as download_info:
        page.locator(".exports").get_by_role("link", name="CSV").click()
    saved = tmp_path / "evidence.csv"
    download_info.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["Exhibit"] == exhibit
    assert rows[0]["Product"] == "Amazon Rekognition"
    assert rows[0]["Amount"] == "12500.00"

    # Every new page fits a phone.
    letter_url = page.url
    document_url = f"{live_server}/documents/1"
    for name, url in (("letter", letter_url), ("document", document_url),
                      ("evidence", f"{live_server}/evidence"),
                      ("purchases", f"{live_server}/evidence/purchases"),
                      ("search", f"{live_server}/search?q=Rekognition")):
        assert_fits_phone(page, url, tmp_path / f"{name}.png")
