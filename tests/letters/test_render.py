"""The letter body as HTML: Markdown, safe links, escaped HTML and footnote references."""

import pytest

from foia_tracker.letters.citations import footnote_numbers
from foia_tracker.letters.render import render_body_html


def render(body: str) -> str:
    return str(render_body_html(body, footnote_numbers(body)))


def test_markdown_renders_emphasis_lists_and_links():
    page = render("The sheriff *never* told the board.\n\n- Rekognition\n- Clearview\n\n"
                  "See [the report](https://example.org/report?a=1&b=2).")
    assert "<em>never</em>" in page
    assert "<ul>\n<li>Rekognition</li>\n<li>Clearview</li>\n</ul>" in page
    assert '<a href="https://example.org/report?a=1&amp;b=2">the report</a>' in page


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    'Text <a href="https://x.example" onclick="alert(1)">link</a>',
    '<sup class="fnref"><a href="#fn-1" id="fnref-1">1</a></sup>',
])
def test_raw_html_is_shown_as_text(body):
    page = render(body)
    assert "<script" not in page and "<img" not in page and "<a " not in page \
        and "<sup" not in page
    assert "&lt;" in page


@pytest.mark.parametrize("body", [
    "[click](javascript:alert(1))", "<javascript:alert(1)>", "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox)", "[x](file:///etc/passwd)",
    "[x]: javascript:alert(1)\n\n[x]",
])
def test_only_http_https_and_mailto_links_are_links(body):
    assert "<a " not in render(body)


def test_mailto_links_are_kept():
    assert '<a href="mailto:records@example.gov">' in render("[write](mailto:records@example.gov)")


def test_citations_become_numbered_references_with_unique_ids():
    page = render("Bought [@E31]. Paid [@E7]. Again [@E31] and [@E31].")
    assert page == (
        '<p>Bought <sup class="fnref"><a href="#fn-1" id="fnref-1">1</a></sup>. '
        'Paid <sup class="fnref"><a href="#fn-2" id="fnref-2">2</a></sup>. '
        'Again <sup class="fnref"><a href="#fn-1" id="fnref-1-2">1</a></sup> and '
        '<sup class="fnref"><a href="#fn-1" id="fnref-1-3">1</a></sup>.</p>\n')


def test_each_render_numbers_its_own_repeats():
    body = "[@E1] [@E1]"
    assert render(body) == render(body)


def test_a_citation_without_a_number_stays_text():
    assert render_body_html("Unknown [@E5].", {}) == "<p>Unknown [@E5].</p>\n"


def test_citations_work_inside_emphasis_and_list_items():
    page = render("*Claim [@E3]*\n\n- item [@E4]")
    assert '<em>Claim <sup class="fnref"><a href="#fn-1" id="fnref-1">1</a></sup></em>' in page
    assert '<li>item <sup class="fnref"><a href="#fn-2" id="fnref-2">2</a></sup></li>' in page
