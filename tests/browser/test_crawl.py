"""Every page linked from the demo installation, at 390 x 844 as its admin: answers 200, fits
the phone's width (no sideways scrolling) and logs no console error."""

from urllib.parse import urldefrag, urlsplit

from .conftest import log_in
from .demo import PHONE, demo_logins  # noqa: F401 (fixture)

#: The demo has about a hundred pages; more means a link loop (e.g. ever-growing query strings).
MAX_PAGES = 250
#: Links to files rather than pages (exports, downloads, charts, the calendar feed).
FILE_MARKS = ("/download", "/exports/", "/export", "/charts/", ".ics", "/calendar/")


def is_page_link(url: str, base_url: str) -> bool:
    parts = urlsplit(url)
    return (url.startswith(base_url) and not any(mark in parts.path for mark in FILE_MARKS)
            and parts.path not in ("/logout",))


def links_of(page) -> list[str]:
    return page.eval_on_selector_all(
        "a[href]:not([download])", "links => links.map(a => a.href)")


def test_every_linked_page_fits_a_phone_without_console_errors(
        live_server, new_context, demo_logins):
    page = new_context(viewport=PHONE).new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(
        f"{page.url}: {message.text}"))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    log_in(page, live_server, *demo_logins["admin"])

    seen, queue, problems = set(), [f"{live_server}/dashboard"], []
    while queue and len(seen) < MAX_PAGES:
        url = urldefrag(queue.pop(0)).url
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if response.status != 200:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            problems.append(f"{url}: {widths[0]} px wide at {widths[1]} px")
        queue += [link for link in links_of(page)
                  if is_page_link(urldefrag(link).url, live_server) and urldefrag(link).url not in seen]
    assert not problems, "\n".join(problems)
    assert len(seen) < MAX_PAGES, "the crawl did not end: a link loop?"
    assert len(seen) > 40, f"only {len(seen)} pages reached from the dashboard"
    assert not errors, "\n".join(errors)
