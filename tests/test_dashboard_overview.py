"""The dashboard's counts: open, overdue, due within 7 days, awaiting documents, follow-ups due;
each a link to the list it counts, computed in one aggregate query."""

import re
from datetime import date, timedelta

import pytest

from foia_tracker.extensions import db
from foia_tracker.records.overview import request_counts


@pytest.fixture
def today() -> date:
    """The machine's date when the test starts, as the dashboard reads it.

    Per test, not per module: a run that crosses midnight would otherwise compare yesterday's
    buckets with today's dashboard (seen in a CI run started at 23:36 UTC).
    """
    return date.today()


def count_of(page: str, label: str) -> tuple[str, str]:
    """Return (href, number) of the dashboard count labelled `label`."""
    match = re.search(rf'<a href="([^"]+)"><strong>(\d+\+?)</strong> {label}</a>', page)
    assert match, f"no count {label!r} on the dashboard"
    return match.group(1).replace("&amp;", "&"), match.group(2)


def set_next_due(records_request, due_on):
    records_request.next_due_on = due_on
    db.session.commit()


def test_counts_link_to_the_lists_they_count(
        client, login, make_user, make_request, make_document, today):
    user = login(make_user())
    other = make_user()
    overdue = make_request(user, title="Overdue one", sent_on=today - timedelta(days=60))
    soon = make_request(user, title="Due soon", sent_on=today)
    later = make_request(user, title="Due later", sent_on=today)
    make_request(user, title="A draft")  # not sent: not open
    make_request(other, title="Another organisation's", sent_on=today - timedelta(days=60))
    set_next_due(soon, today + timedelta(days=6))
    set_next_due(later, today + timedelta(days=7))
    make_document(later, b"%PDF-1.4 tiny")

    page = client.get("/dashboard").text
    expected = {"open": ("status=open", "3"), "overdue": ("due=overdue", "1"),
                "due within 7 days": ("due=week", "1"),
                "awaiting documents": ("documents=none", "2"), "follow-up due": ("/followups", "1")}
    lists = {}
    for label, (in_link, number) in expected.items():
        href, shown = count_of(page, label)
        assert in_link in href and shown == number, (label, href, shown)
        lists[label] = href

    titles = lambda href: set(re.findall(r'<a href="/requests/\d+">([^<]+)</a>', client.get(href).text))
    assert titles(lists["open"]) == {"Overdue one", "Due soon", "Due later"}
    assert titles(lists["overdue"]) == {"Overdue one"}
    assert titles(lists["due within 7 days"]) == {"Due soon"}
    assert titles(lists["awaiting documents"]) == {"Overdue one", "Due soon"}


def test_the_counts_are_one_query(app, make_user, make_request, count_queries, today):
    user = make_user()
    for days in range(5):
        make_request(user, sent_on=today - timedelta(days=days * 20))
    organisation_id = user.organisation_id
    with count_queries() as statements:
        counts = request_counts(organisation_id, today)
    assert len(statements) == 1
    assert counts.open == 5


def test_a_bad_deadline_filter_is_refused_with_a_message(client, login, make_user):
    login(make_user())
    response = client.get("/requests/?due=yesterday")
    assert response.status_code == 400
    assert "Not a valid choice" in response.text or "Choose" in response.text


def test_the_deadline_chart_buckets_overdue_and_the_next_four_weeks(
        client, login, make_user, make_request, today):
    user = login(make_user())
    for days in (-3, 0, 6, 7, 27, 28):
        set_next_due(make_request(user, sent_on=today), today + timedelta(days=days))
    numbers = client.get("/dashboard/charts/deadlines.csv").text.splitlines()
    assert numbers[0] == "Due,Open (requests)"
    assert [line.rsplit(",", 1)[1] for line in numbers[1:]] == ["1", "2", "1", "0", "1"]
    assert numbers[1].startswith("Overdue,")
    page = client.get("/dashboard").text
    assert '<img src="/dashboard/charts/deadlines.svg" alt="Deadlines (requests): Overdue: 1 requests;' in page
    svg = client.get("/dashboard/charts/deadlines.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
