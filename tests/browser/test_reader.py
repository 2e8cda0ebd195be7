"""From a search hit to evidence on the page: read the page, select a sentence, mark it."""

import re

from playwright.sync_api import expect

from foia_tracker.documents.extraction import extraction_run
from tests.files import make_pdf

from .conftest import assert_fits_phone, fresh_session, log_in

SENTENCE = "The county paid Clearview AI 48,000 USD for face recognition licences."
PAGES = ["Cover letter from the sheriff's records unit.",
         "Invoice summary for the year. " + SENTENCE + " Payment was made in March.",
         "Third page: nothing relevant."]

SELECT_SENTENCE = """(sentence) => {
  const text = document.getElementById("page-text");
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) { nodes.push(walker.currentNode); }
  const whole = nodes.map((n) => n.data).join("");
  const start = whole.indexOf(sentence), end = start + sentence.length;
  const range = document.createRange();
  let seen = 0;
  for (const node of nodes) {
    const next = seen + node.data.length;
    if (start >= seen && start <= next) { range.setStart(node, start - seen); }
    if (end >= seen && end <= next) { range.setEnd(node, end - seen); break; }
    seen = next;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


def test_a_search_hit_opens_its_page_and_a_selected_sentence_becomes_evidence(
        live_server, browser_page, make_user, make_request, make_document, tmp_path):
    user = make_user()
    request = make_request(user, title="Face recognition contracts")
    document = make_document(request, make_pdf(PAGES), name="invoices.pdf", page_count=3)
    document_id, email = document.id, user.email
    extraction_run()
    fresh_session()

    page = browser_page
    log_in(page, live_server, email)
    page.goto(f"{live_server}/search?q=clearview")
    page.locator(".search-hit").get_by_role("link", name="p. 2").click()
    expect(page).to_have_url(re.compile(rf"/documents/{document_id}/pages/2\?q=clearview$"))
    expect(page.locator("#page-text mark.hit")).to_have_text("Clearview")
    image = page.locator("#page-image")
    expect(image).to_be_visible()
    # The image is drawn on its first view: wait for it rather than read it half-loaded.
    page.wait_for_function(
        "() => { const img = document.getElementById('page-image');"
        " return img.complete && img.naturalWidth > 0; }")
    assert image.evaluate("img => img.naturalWidth") == 800

    # Arrow keys turn the pages.
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(rf"/pages/3\?q=clearview$"))
    page.wait_for_load_state()  # the new page's reader.js listens only once it has run
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(rf"/pages/2\?q=clearview$"))
    page.wait_for_load_state()  # reader.js fills the quotation from a selection once it has run

    # Select the sentence in the page's text and mark it as evidence.
    page.evaluate(SELECT_SENTENCE, SENTENCE)
    expect(page.locator("#quotation")).to_have_value(SENTENCE)
    page.locator("#mark-evidence").get_by_role("button", name="Mark as evidence").click()
    expect(page.get_by_label("First page", exact=True)).to_have_value("2")
    expect(page.get_by_label("Quotation", exact=True)).to_have_value(SENTENCE)
    page.get_by_label("Description", exact=True).fill("Clearview licences bought by the county.")
    page.get_by_role("button", name="Mark as evidence").click()
    code = page.get_by_label("Citation code").input_value()
    item_id = re.fullmatch(r"\[@E(\d+)\]", code).group(1)

    # Back on the page, the item is listed and its quotation marked in the text.
    page.goto(f"{live_server}/documents/{document_id}/pages/2")
    listed = page.locator(".evidence-on-page").get_by_role("link", name=f"E{item_id}")
    expect(listed).to_have_attribute("href", f"/evidence/{item_id}")
    expect(page.locator(f"#page-text a.quoted[data-item='E{item_id}']").first).to_be_visible()
    assert_fits_phone(page, f"{live_server}/documents/{document_id}/pages/2",
                      tmp_path / "reader-phone.png")
