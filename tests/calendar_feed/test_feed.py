"""The calendar feed over HTTP: token access, organisation scoping, follow-ups, resetting the URL."""

from datetime import date

import pytest
from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.calendar_feed.services import calendar_token_ensure, calendar_url
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp, FollowUpStatus, LetterKind

from ..conftest import csrf_token
from .icsparse import events

RECEIVED = date(2026, 11, 16)
SHERIFF = "Washington County Sheriff's Office"


@pytest.fixture
def feed(client):
    """Return a function that fetches a user's feed and checks it is a calendar."""

    def fetch(user):
        response = client.get(f"/calendar/{user.calendar_token}.ics")
        assert response.status_code == 200, response.text
        return response

    return fetch


@pytest.fixture
def subscriber(make_user):
    user = make_user()
    calendar_token_ensure(user)
    return user


def with_deadlines(records_request, **deadlines):
    records_request.deadlines = deadlines
    db.session.commit()
    return records_request


def add_followup(records_request, *, status=FollowUpStatus.open, scheduled_on=date(2026, 12, 7)):
    followup = FollowUp(
        organisation_id=records_request.organisation_id, request_id=records_request.id,
        clock="response", deadline_on=date(2026, 11, 30), scheduled_on=scheduled_on,
        kind=LetterKind.no_response, status=status, subject="Overdue", body="Please respond.")
    db.session.add(followup)
    db.session.commit()
    return followup


def test_each_stored_deadline_is_an_all_day_event(subscriber, make_agency, make_request, feed):
    sheriff = make_agency(name=SHERIFF, jurisdiction="CA")
    records_request = make_request(subscriber, agency=sheriff, title="Rekognition contracts",
                                   sent_on=RECEIVED)
    response = feed(subscriber)
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "private"
    assert "Set-Cookie" not in response.headers
    assert response.text.startswith("BEGIN:VCALENDAR\r\n")
    stored = {clock: due for clock, due in records_request.deadlines.items() if due}
    # An overdue request also has its follow-up drafted at once: that is an event of its own.
    found = [e for e in events(response.text) if e["UID"].startswith("request-")]
    assert len(found) == len(stored) >= 1
    response_due = next(e for e in found if e["UID"].startswith(f"request-{records_request.id}-response@"))
    assert response_due["DTSTART;VALUE=DATE"] == "20261130"
    assert response_due["SUMMARY"] == \
        f"Response due: {records_request.reference} Rekognition contracts ({SHERIFF})"
    link = f"http://127.0.0.1:5000/requests/{records_request.id}"
    assert "Clock: Response" in response_due["DESCRIPTION"] and link in response_due["DESCRIPTION"]
    assert response_due["URL"] == link


def test_clocks_still_waiting_for_an_event_have_no_event(subscriber, make_request, feed):
    with_deadlines(make_request(subscriber), response="2026-11-30", appeal_filing=None)
    assert [e["DTSTART;VALUE=DATE"] for e in events(feed(subscriber).text)] == ["20261130"]


def test_links_and_uids_follow_base_url(app, subscriber, make_request, feed):
    app.config["BASE_URL"] = "https://foia.example.org/"
    records_request = with_deadlines(make_request(subscriber), response="2026-11-30")
    (event,) = events(feed(subscriber).text)
    assert event["URL"] == f"https://foia.example.org/requests/{records_request.id}"
    assert event["UID"] == f"request-{records_request.id}-response@foia.example.org"


def test_only_the_users_organisation_is_in_the_feed(subscriber, make_user, make_request, feed):
    with_deadlines(make_request(subscriber, title="Our own request"), response="2026-11-30")
    stranger = make_user()
    theirs = with_deadlines(make_request(stranger, title="Secret drone program"),
                            response="2026-11-30")
    add_followup(theirs)
    text = feed(subscriber).text
    assert "Our own request" in text
    assert "Secret drone program" not in text and theirs.reference not in text
    assert len(events(text)) == 1


def test_a_colleague_sees_the_same_deadlines(subscriber, make_user, make_request, feed):
    colleague = make_user(organisation=subscriber.organisation)
    calendar_token_ensure(colleague)
    with_deadlines(make_request(subscriber, title="Shared work"), response="2026-11-30")
    assert "Shared work" in feed(colleague).text


def test_a_long_unicode_title_is_escaped_and_folded(subscriber, make_request, feed):
    title = ("Überwachung, Gesichtserkennung; Verträge \\ 監視カメラの契約 📹 "
             "drones, ALPR; and “fusion centers” — every contract, every invoice")
    records_request = with_deadlines(make_request(subscriber, title=title), response="2026-11-30")
    raw = feed(subscriber).data
    for physical in raw.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")
    unfolded = raw.decode().replace("\r\n ", "")
    assert "Verträge \\\\ " in unfolded and "\\, Gesichtserkennung\\; " in unfolded
    (event,) = events(raw.decode())
    assert event["SUMMARY"] == f"Response due: {records_request.reference} {title} (Agency 1)"


def test_uids_stay_stable_when_a_date_moves(subscriber, make_request, feed):
    records_request = with_deadlines(make_request(subscriber), response="2026-11-30")
    (before,) = events(feed(subscriber).text)
    with_deadlines(records_request, response="2026-12-14")
    (after,) = events(feed(subscriber).text)
    assert before["UID"] == after["UID"]
    assert after["DTSTART;VALUE=DATE"] == "20261214"


def test_open_and_snoozed_followups_are_events(subscriber, make_request, feed):
    records_request = with_deadlines(make_request(subscriber, title="Body cameras"))
    open_one = add_followup(records_request, scheduled_on=date(2026, 12, 7))
    snoozed = add_followup(records_request, status=FollowUpStatus.snoozed, scheduled_on=date(2026, 12, 14))
    add_followup(records_request, status=FollowUpStatus.sent, scheduled_on=date(2026, 12, 21))
    add_followup(records_request, status=FollowUpStatus.dismissed, scheduled_on=date(2026, 12, 28))
    found = events(feed(subscriber).text)
    assert [(e["UID"].split("@")[0], e["DTSTART;VALUE=DATE"]) for e in found] == [
        (f"followup-{open_one.id}", "20261207"), (f"followup-{snoozed.id}", "20261214")]
    assert found[0]["SUMMARY"] == f"Follow-up due: {records_request.reference} Body cameras (Agency 1)"
    assert LetterKind.no_response.value in found[0]["DESCRIPTION"]
    assert "snoozed" in found[1]["DESCRIPTION"]


def test_the_feed_costs_the_same_queries_for_many_requests(subscriber, make_request, feed, count_queries):
    def queries() -> int:
        with count_queries() as statements:
            feed(subscriber)
        return len(statements)

    add_followup(with_deadlines(make_request(subscriber), response="2026-11-30"))
    few = queries()
    for _ in range(4):
        add_followup(with_deadlines(make_request(subscriber), response="2026-11-30",
                                    acknowledgment="2026-11-20"))
    assert queries() == few <= 5


@pytest.mark.parametrize("token", ["unknown-token", "x" * 65, "%00", "a%0A", "é", "A" * 43, "a.b"])
def test_an_unknown_token_is_not_found(subscriber, client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_token_in_another_case_is_not_found(subscriber, client):
    assert client.get(f"/calendar/{subscriber.calendar_token.swapcase()}.ics").status_code == 404


def test_a_deactivated_user_has_no_feed(subscriber, client):
    subscriber.is_active_account = False
    db.session.commit()
    assert client.get(f"/calendar/{subscriber.calendar_token}.ics").status_code == 404


def test_ensure_creates_the_token_once(make_user, app):
    user = make_user()
    with app.test_request_context():
        assert calendar_url(user) is None
        token = calendar_token_ensure(user)
        assert len(token) >= 43 and calendar_token_ensure(user) == token
        assert calendar_url(user) == f"http://127.0.0.1:5000/calendar/{token}.ics"


def test_reset_replaces_the_url(subscriber, client, login, feed):
    old = subscriber.calendar_token
    login(subscriber)
    response = client.post("/calendar/reset", data={"csrf_token": csrf_token(client, "/profile")})
    assert response.status_code == 302 and response.headers["Location"] == "/profile"
    page = client.get("/profile").text
    db.session.refresh(subscriber)
    assert subscriber.calendar_token != old
    assert f"Your new calendar URL is http://127.0.0.1:5000/calendar/{subscriber.calendar_token}.ics" in page
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    feed(subscriber)


def test_the_first_reset_creates_the_url(make_user, client, login):
    user = login(make_user())
    page = client.get("/profile").text
    assert "Create my calendar URL" in page
    client.post("/calendar/reset", data={"csrf_token": csrf_token(client, "/profile")})
    db.session.refresh(user)
    assert user.calendar_token is not None
    page = client.get("/profile").text
    assert f'value="http://127.0.0.1:5000/calendar/{user.calendar_token}.ics" readonly' in page
    assert "Reset my calendar URL" in page


def test_reset_needs_a_login_and_the_csrf_token(subscriber, client, login):
    old = subscriber.calendar_token
    anonymous = client.post("/calendar/reset", data={"csrf_token": csrf_token(client, "/login")})
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")
    login(subscriber)
    assert client.post("/calendar/reset").status_code == 400
    db.session.refresh(subscriber)
    assert subscriber.calendar_token == old


def test_the_audit_log_does_not_reveal_the_token(subscriber):
    changes = db.session.scalars(select(AuditEvent.changes).where(AuditEvent.object_type == "User"))
    assert subscriber.calendar_token not in str(list(changes))
