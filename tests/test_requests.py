"""Logging requests, their timeline, the list with filters and the dashboard."""

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Kind, Status
from foia_tracker.db_types import utcnow
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from foia_tracker.users.models import Role
from foia_tracker.web.date_field import WRONG_FORMAT
from foia_tracker.web.views import DASHBOARD_REQUESTS

from .conftest import AGENCY_TODAY as TODAY
from .conftest import csrf_token



def status_on_page(client, request_id) -> str:
    return re.search(r'id="request-status">([^<]*)<', client.get(f"/requests/{request_id}").text).group(1)


def log(client, request_id, **values):
    token = csrf_token(client, f"/requests/{request_id}")
    return client.post(f"/requests/{request_id}/communications/", data=values | {"csrf_token": token})


def test_logging_a_sent_request_puts_it_on_the_timeline(client, make_user, make_agency, login):
    user = login(make_user())
    agency = make_agency("Washington County Sheriff's Office")
    sent_on = TODAY - timedelta(days=3)
    response = client.post("/requests/new", data={
        "agency_id": agency.id, "title": "Rekognition contracts", "body": "All contracts.",
        "technologies": ["Face recognition", "Drones"], "other_tags": "Amazon, rekognition",
        "sent_on": sent_on.isoformat(), "channel": "email", "tracking_numbers": "R-1\nR-2",
        "assignee_id": user.id, "csrf_token": csrf_token(client, "/requests/new")})
    assert response.status_code == 302
    request = db.session.scalar(select(RecordsRequest))
    assert request.reference == f"{user.organisation.code}-{TODAY.year}-0001"
    assert request.received_on == sent_on, "received defaults to the date sent"
    assert sorted(t.name for t in request.tags) == ["Amazon", "Drones", "Face recognition", "rekognition"]
    assert [t.value for t in request.tracking_numbers] == ["R-1", "R-2"]
    page = client.get(response.location).text
    assert "Request sent" in page and status_on_page(client, request.id) == "Sent"


def test_a_request_without_a_date_sent_is_a_draft(make_user, make_request):
    request = make_request(make_user())
    assert request.status is Status.draft and request.communications == []


@pytest.mark.parametrize("values, message", [
    ({"sent_on": (TODAY + timedelta(days=2)).isoformat()}, "The date sent cannot be in the future."),
    ({"received_on": (TODAY - timedelta(days=9)).isoformat()}, "cannot have received it before it was sent"),
    ({"channel": ""}, "Say how the request was sent."),
    ({"title": ""}, "This field is required."),
])
def test_bad_dates_and_missing_fields_are_refused_next_to_the_field(
        client, make_user, make_agency, login, values, message):
    user = login(make_user())
    agency = make_agency()
    form = {"agency_id": agency.id, "title": "T", "body": "B", "channel": "email",
            "sent_on": (TODAY - timedelta(days=5)).isoformat(), "assignee_id": user.id,
            "csrf_token": csrf_token(client, "/requests/new")} | values
    response = client.post("/requests/new", data=form)
    assert response.status_code == 400 and message in response.text
    assert db.session.scalar(select(func.count()).select_from(RecordsRequest)) == 0


def test_an_acknowledgment_changes_the_status(client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    response = log(client, request.id, kind="acknowledgment", direction="received",
                   occurred_on=(TODAY - timedelta(days=2)).isoformat(), summary="Got it")
    assert response.status_code == 302
    assert status_on_page(client, request.id) == "Acknowledged"


def test_a_transition_that_makes_no_sense_is_refused_and_nothing_is_saved(
        client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    response = log(client, request.id, kind="appeal_decision", direction="received",
                   occurred_on=TODAY.isoformat(), summary="Decision")
    assert response.status_code == 409
    assert "cannot be logged while the request is “Sent”" in response.text
    assert db.session.scalar(select(func.count()).select_from(Communication)) == 1
    assert status_on_page(client, request.id) == "Sent"


def test_an_entry_dated_before_the_request_was_sent_is_refused(client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    response = log(client, request.id, kind="acknowledgment", direction="received",
                   occurred_on=(TODAY - timedelta(days=10)).isoformat(), summary="Too early")
    assert response.status_code == 409 and "“Draft”" in response.text


@pytest.mark.parametrize("direction", ["sent", None])
def test_a_reply_is_received_whatever_direction_the_form_left(
        client, make_user, make_request, login, direction):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    values = {"kind": "acknowledgment", "occurred_on": TODAY.isoformat(), "summary": "Got it"}
    response = log(client, request.id, **values, **({"direction": direction} if direction else {}))
    assert response.status_code == 302
    stored = db.session.scalar(select(Communication).where(Communication.kind == Kind.acknowledgment))
    assert stored.direction.name == "received"
    assert status_on_page(client, request.id) == "Acknowledged"


def test_a_note_keeps_the_direction_chosen_and_needs_one(client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    note = {"kind": "note", "occurred_on": TODAY.isoformat(), "summary": "Phoned the clerk"}
    assert log(client, request.id, **note).status_code == 400
    assert log(client, request.id, **note, direction="sent").status_code == 302
    stored = db.session.scalar(select(Communication).where(Communication.kind == Kind.note))
    assert stored.direction.name == "sent"


def test_the_log_form_tells_the_browser_which_kinds_fix_the_direction(
        client, make_user, make_request, login):
    user = login(make_user())
    page = client.get(f"/requests/{make_request(user, sent_on=TODAY).id}").text
    fixed = re.search(r"data-fixed-directions='([^']*)'", page).group(1)
    assert '"acknowledgment": "received"' in unescape(fixed) and '"note"' not in fixed


def test_removing_a_communication_recomputes_the_status(client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    log(client, request.id, kind="denial", direction="received", occurred_on=TODAY.isoformat(),
        summary="Denied")
    denial = db.session.scalar(select(Communication).where(Communication.kind == Kind.denial))
    token = csrf_token(client, f"/requests/{request.id}")
    client.post(f"/requests/{request.id}/communications/{denial.id}/delete", data={"csrf_token": token})
    assert status_on_page(client, request.id) == "Sent"


def test_correcting_the_date_sent_moves_the_timeline_entry(client, make_user, make_request, login):
    user = login(make_user())
    request = make_request(user, sent_on=TODAY - timedelta(days=4))
    token = csrf_token(client, f"/requests/{request.id}/edit")
    new_date = TODAY - timedelta(days=6)
    response = client.post(f"/requests/{request.id}/edit", data={
        "agency_id": request.agency_id, "title": "Renamed", "body": request.body,
        "sent_on": new_date.isoformat(), "channel": "portal", "assignee_id": 0, "csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    entry = db.session.scalar(select(Communication))
    assert entry.occurred_on == new_date and request.title == "Renamed" and request.assignee_id is None


def test_the_list_filters_sorts_and_paginates(client, make_user, make_agency, make_request, login, app):
    user = login(make_user())
    portland = make_agency("Portland Police Bureau", jurisdiction="OR")
    orlando = make_agency("Orlando Police Department", jurisdiction="FL")
    make_request(user, portland, title="ALPR data", tags=["Automated licence-plate readers"],
                 sent_on=TODAY - timedelta(days=40))
    make_request(user, orlando, title="Rekognition pilot", sent_on=TODAY - timedelta(days=5))
    make_request(user, orlando, title="Drone policy draft", tags=["Drones"])

    def titles(query):
        response = client.get("/requests/?" + query)
        assert response.status_code == 200
        return re.findall(r'<a href="/requests/\d+">([^<]+)</a>', response.text)

    assert titles("jurisdiction=FL&sort=title") == ["Drone policy draft", "Rekognition pilot"]
    assert titles("status=draft") == ["Drone policy draft"]
    assert titles("status=open&sort=sent_asc") == ["ALPR data", "Rekognition pilot"]
    assert titles("technology=drones") == ["Drone policy draft"]
    assert titles("q=REKOG") == ["Rekognition pilot"]
    assert titles(f"sent_from={(TODAY - timedelta(days=10)).isoformat()}") == ["Rekognition pilot"]
    assert titles(f"agency={portland.id}") == ["ALPR data"]
    assert titles(f"agency={orlando.id}&sort=title") == ["Drone policy draft", "Rekognition pilot"]
    assert titles("agency_name=orlando police&sort=title") == ["Drone policy draft", "Rekognition pilot"]
    assert titles("agency_name=%25") == []
    assert titles("q=100%25") == []

    app.config["PER_PAGE"] = 2
    first = client.get("/requests/?sort=title").text
    assert "Page 1 of 2" in first and "Rekognition pilot" not in first
    assert "Rekognition pilot" in client.get("/requests/?sort=title&page=2").text


def test_the_agency_filter_names_the_agency_of_a_link_and_lists_no_agencies(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    portland = make_agency("Portland Police Bureau", jurisdiction="OR")
    make_agency("Orlando Police Department", jurisdiction="FL")
    make_request(user, portland, title="ALPR data")
    page = client.get(f"/requests/?agency={portland.id}&status=draft&page=1").text
    chosen = re.search(r'<p class="chosen-agency"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "Portland Police Bureau" in chosen and "(OR)" in chosen
    assert 'href="/requests/?status=draft"' in chosen  # back to every agency, other filters kept
    assert f'name="agency" type="hidden" value="{portland.id}"' in page
    # Thousands of agencies make no select: the name box finds them instead.
    unfiltered = client.get("/requests/").text
    assert "Orlando Police Department" not in unfiltered and 'id="agency_name"' in unfiltered
    unknown = client.get("/requests/?agency=424242")
    assert unknown.status_code == 400 and "No agency has this number" in unknown.text


def test_the_dashboard_links_to_the_full_list_past_its_most_urgent_requests(
        client, make_user, make_request, login):
    me = login(make_user())
    for n in range(DASHBOARD_REQUESTS + 1):
        make_request(me, title=f"Open {n}", sent_on=TODAY - timedelta(days=n + 1))
    page = client.get("/dashboard").text
    assert len(re.findall(r'<a href="/requests/\d+">', page)) == DASHBOARD_REQUESTS
    assert "Open 0" not in page  # the most recent, so the least urgent, is left to the list
    full = re.search(r'<a href="([^"]+)">All your open requests</a>', page).group(1)
    assert "Open 0" in client.get(unescape(full)).text


def test_the_filter_selects_show_what_was_chosen_on_each_page(client, make_user, login):
    login(make_user())
    chosen = client.get("/requests/?jurisdiction=FL&sort=title").text
    assert '<option selected value="FL">' in chosen and '<option selected value="title">' in chosen
    # Options are rendered once and reused: the next page must not keep the last choice.
    plain = client.get("/requests/").text
    assert '<option selected value="FL">' not in plain
    assert '<option selected value="deadline">' in plain and '<option value="FL">' in plain


def test_an_invalid_filter_says_so(client, make_user, login):
    login(make_user())
    response = client.get("/requests/?sent_from=yesterday&status=bogus")
    assert response.status_code == 400
    assert WRONG_FORMAT in response.text and "Not a valid choice." in response.text


def test_a_list_row_shows_the_request_at_a_glance(client, make_user, make_agency, make_request, login):
    user = login(make_user())
    agency = make_agency("Multnomah County Sheriff", jurisdiction="OR")
    make_request(user, agency, title="Drone <b>logs</b>", tags=["Drones", "Body-worn cameras"],
                 sent_on=TODAY - timedelta(days=3), assignee_id=None)
    row = re.search(r"<tr>\s*<td class=\"nowrap\"[^>]*>.*?</tr>", client.get("/requests/").text, re.S).group(0)
    assert f"{user.organisation.code}-{utcnow().year}-0001" in row
    assert "Drone &lt;b&gt;logs&lt;/b&gt;" in row
    assert re.findall(r'<span class="tag">([^<]+)</span>', row) == ["Body-worn cameras", "Drones"]
    assert "Multnomah County Sheriff <small>(OR)</small>" in row
    assert re.search(r'<span class="status status-\w+">(Sent|Acknowledged)</span>', row)
    assert (TODAY - timedelta(days=3)).isoformat() in row
    assert row.rstrip("</tr>").rstrip().endswith('<td data-label="Assignee">—</td>'), \
        "nobody is assigned"


def test_the_technology_filter_ignores_other_organisations_tags(
        client, make_user, make_request, login):
    user = login(make_user())
    other = make_user()
    make_request(other, title="Their drones", tags=["Drones"])
    make_request(user, title="Our drones", tags=["drones"])
    make_request(user, title="Our cameras", tags=["Body-worn cameras"])
    page = client.get("/requests/?technology=DRONES").text
    assert re.findall(r'<a href="/requests/\d+">([^<]+)</a>', page) == ["Our drones"]


def test_the_dashboard_shows_my_open_requests_longest_waiting_first(
        client, make_user, make_request, login):
    me = login(make_user())
    colleague = make_user(organisation=me.organisation)
    make_request(me, title="Recent", sent_on=TODAY - timedelta(days=2))
    make_request(me, title="Old", sent_on=TODAY - timedelta(days=30))
    make_request(me, title="Still a draft")
    make_request(colleague, title="Not mine", sent_on=TODAY - timedelta(days=3))
    page = client.get("/dashboard").text
    titles = re.findall(r'<a href="/requests/\d+">([^<]+)</a>', page)
    assert titles == ["Old", "Recent"]


def test_the_request_list_runs_a_fixed_number_of_queries(
        client, make_user, make_agency, make_request, login, count_queries, app):
    user = login(make_user())
    agencies = [make_agency() for _ in range(5)]
    for n in range(60):
        make_request(user, agencies[n % 5], title=f"Request {n}", tags=[f"tag {n}", "Drones"],
                     sent_on=TODAY - timedelta(days=n % 20), tracking_numbers=[f"T-{n}"])

    def queries_for(per_page):
        app.config["PER_PAGE"] = per_page
        db.session.expire_all()
        with count_queries() as statements:
            assert client.get("/requests/").status_code == 200
        return len(statements)

    assert queries_for(5) == queries_for(50)


def test_a_viewer_sees_no_edit_controls_and_cannot_post(client, make_user, make_request, login):
    editor = make_user(Role.editor)
    request = make_request(editor, sent_on=TODAY - timedelta(days=1))
    login(make_user(Role.viewer, organisation=editor.organisation))
    page = client.get(f"/requests/{request.id}").text
    assert "Edit request" not in page and "Log a communication" not in page
    assert "Log a request" not in client.get("/requests/").text
    token = csrf_token(client, "/dashboard")
    response = client.post(f"/requests/{request.id}/communications/", data={
        "kind": "note", "direction": "received", "occurred_on": TODAY.isoformat(),
        "summary": "viewer note", "csrf_token": token})
    assert response.status_code == 403
    assert client.get("/requests/new").status_code == 403
    assert client.get("/agencies/new").status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Communication)) == 1


@pytest.mark.parametrize("wanted, selected", [("own", True), ("999999", False), ("x", False)])
def test_the_new_request_form_preselects_only_a_real_agency(
        client, make_user, make_agency, login, wanted, selected):
    login(make_user())
    agency = make_agency("Eugene Police Department")
    page = client.get("/requests/new", query_string={
        "agency": agency.id if wanted == "own" else wanted})
    assert page.status_code == 200
    agencies = re.search(r'<select[^>]*name="agency_id".*?</select>', page.text, re.S).group(0)
    assert ("selected" in agencies) is selected
