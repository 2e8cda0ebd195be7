"""One-click destructive actions ask first (cancelling keeps the data, agreeing acts), and a
letter's footnotes are set in the body's ink at nearly its size."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from foia_tracker.closures.models import Closure
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp, FollowUpStatus
from foia_tracker.letters.services import letter_create
from foia_tracker.users.models import Role
from foia_tracker.web.dates import local_today
from tests.files import make_pdf

from .conftest import fresh_session, log_in


def answer_next_dialog(page, accept: bool) -> list[str]:
    """Answer the next dialog (confirm prompt) and return the list its message is put in."""
    messages = []

    def answer(dialog):
        messages.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", answer)
    return messages


def test_removing_a_closure_day_asks_first(live_server, browser_page, make_user):
    operator = make_user(role=Role.admin)
    operator.is_operator = True
    closure = Closure(jurisdiction="OR", closed_on=date(2026, 12, 24), name="Ice storm")
    db.session.add(closure)
    db.session.commit()
    closure_id = closure.id
    page = browser_page
    log_in(page, live_server, operator.email)
    page.goto(f"{live_server}/admin/closures/")
    row = page.locator("tr", has_text="Ice storm")

    asked = answer_next_dialog(page, accept=False)
    row.get_by_role("button", name="Remove").click()
    expect(row).to_be_visible()
    assert asked == ["Remove the closure day 2026-12-24 (Ice storm, OR)? "
                     "Deadlines are then counted without it."]
    fresh_session()
    assert db.session.get(Closure, closure_id) is not None

    asked = answer_next_dialog(page, accept=True)
    row.get_by_role("button", name="Remove").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("tr", has_text="Ice storm")).to_have_count(0)
    assert asked
    fresh_session()
    assert db.session.get(Closure, closure_id) is None


def test_dismissing_a_follow_up_asks_first(
        live_server, browser_page, make_user, make_agency, make_request):
    user = make_user()
    make_request(user, agency=make_agency(jurisdiction="CA"),
                 sent_on=local_today("CA") - timedelta(days=45))
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/followups")
    page.locator("tr.followup a").first.click()
    expect(page).to_have_url(re.compile(r"/followups/\d+$"))
    followup_id = int(page.url.rsplit("/", 1)[1])

    asked = answer_next_dialog(page, accept=False)
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_role("button", name="Dismiss")).to_be_visible()
    assert asked and asked[0].startswith("Dismiss this follow-up?")
    fresh_session()
    assert db.session.get(FollowUp, followup_id).status == FollowUpStatus.open

    answer_next_dialog(page, accept=True)
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".flash-success")).to_contain_text("Follow-up dismissed.")
    fresh_session()
    assert db.session.get(FollowUp, followup_id).status == FollowUpStatus.dismissed


def test_without_javascript_a_destructive_form_still_posts(
        live_server, new_context, make_user):
    operator = make_user(role=Role.admin)
    operator.is_operator = True
    db.session.add(Closure(jurisdiction="OR", closed_on=date(2026, 12, 24), name="Ice storm"))
    db.session.commit()
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, live_server, operator.email)
    page.goto(f"{live_server}/admin/closures/")
    page.locator("tr", has_text="Ice storm").get_by_role("button", name="Remove").click()
    expect(page.locator("tr", has_text="Ice storm")).to_have_count(0)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(css: str) -> tuple[float, float, float]:
    return tuple(float(v) for v in re.findall(r"[\d.]+", css)[:3])


def test_letter_footnotes_are_readable(
        live_server, browser_page, make_user, make_request, make_document):
    user = make_user()
    document = make_document(make_request(user, sent_on=date(2026, 3, 1)),
                             make_pdf(["Purchase order PO-77."]), page_count=1)
    item = EvidenceItem(organisation_id=user.organisation_id, document_id=document.id,
                        page_from=1, description="Purchase order for Amazon Rekognition.")
    db.session.add(item)
    db.session.commit()
    letter = letter_create(organisation_id=user.organisation_id, actor=user, values={
        "title": "Stop buying face recognition", "addressee": "Sheriff", "letter_date":
        date(2026, 4, 1), "body": f"The county bought it.[@E{item.id}]", "signatories": "Jane"})
    page = browser_page
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/letters/{letter.id}")
    note = page.locator(".footnotes .footnote-text").first
    expect(note).to_contain_text(f"Exhibit {document.exhibit_number}, p. 1.")

    style = note.evaluate("""e => {
        const paragraph = getComputedStyle(document.querySelector('.letter-body'));
        let node = e, background = 'rgba(0, 0, 0, 0)';
        while (node && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
            background = getComputedStyle(node).backgroundColor; node = node.parentElement;
        }
        const own = getComputedStyle(e);
        return {color: own.color, background: background, size: parseFloat(own.fontSize),
                bodySize: parseFloat(paragraph.fontSize),
                lineHeight: parseFloat(getComputedStyle(e.closest('li')).lineHeight)};
    }""")
    dark, light = sorted((_luminance(_rgb(style["color"])),
                          _luminance(_rgb(style["background"]))))
    assert (light + 0.05) / (dark + 0.05) >= 7, style  # the body's ink, not a grey
    assert style["size"] >= 0.95 * style["bodySize"], style
    assert style["lineHeight"] >= 1.5 * style["size"], style

    page.emulate_media(media="print")
    assert page.locator(".footnote-back").first.is_hidden()
    printed = note.evaluate("e => getComputedStyle(e).color")
    assert printed == "rgb(0, 0, 0)"
