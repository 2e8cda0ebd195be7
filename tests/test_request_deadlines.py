"""Deadlines in the app: the CLI and API contract, stored due dates, closures and the page."""

import json
import re
from datetime import date

from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.deadlines import deadline_report
from foia_tracker.extensions import db
from foia_tracker.records.models import RecordsRequest
from foia_tracker.users.models import Role

from .conftest import csrf_token

RECEIVED = date(2026, 11, 16)


def test_the_deadlines_command_prints_the_contract_json(runner):
    result = runner.invoke(args=["deadlines", "CA", "2026-11-16"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["jurisdiction"] == "CA" and report["received_on"] == "2026-11-16"
    response = report["clocks"]["response"]
    assert (response["due_on"], response["days"], response["unit"]) == ("2026-11-30", 10, "calendar")
    assert "7922.535" in response["citation"]
    texts = " ".join(step["text"] for step in response["explanation"])
    assert "Thanksgiving" in texts and "2026-11-27" in texts


def test_the_deadlines_command_refuses_an_unknown_jurisdiction(runner):
    result = runner.invoke(args=["deadlines", "ZZ", "2026-11-16"])
    assert result.exit_code == 2 and "ZZ" in result.output


def test_the_api_serves_the_same_report_to_logged_in_users(client, make_user, login, runner):
    assert client.get("/api/deadlines?jurisdiction=CA&received_on=2026-11-16").status_code == 302
    login(make_user())
    response = client.get("/api/deadlines?jurisdiction=CA&received_on=2026-11-16")
    cli = json.loads(runner.invoke(args=["deadlines", "CA", "2026-11-16"]).output)
    assert response.status_code == 200 and response.json == cli
    bad = client.get("/api/deadlines?jurisdiction=CA&received_on=16/11/2026")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json["error"]


def test_a_request_stores_its_next_deadline_and_shows_how_it_was_computed(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    agency = make_agency("San Diego Police Department", jurisdiction="CA")
    request = make_request(user, agency, sent_on=RECEIVED)
    assert (request.next_clock, request.next_due_on) == ("response", date(2026, 11, 30))
    assert request.deadlines["response"] == "2026-11-30"
    page = client.get(f"/requests/{request.id}").text
    clock = page[page.index('id="clock-response"'):]
    assert "Mon 30 Nov 2026" in clock and "Thanksgiving" in clock
    assert "7922.535" in clock


def test_an_extension_notice_moves_the_deadline_and_the_change_is_audited(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="CA"), sent_on=RECEIVED)
    client.post(f"/requests/{request.id}/communications/", data={
        "kind": "extension_notice", "direction": "received", "occurred_on": "2026-11-20",
        "extension_days": "14", "summary": "Unusual circumstances",
        "csrf_token": csrf_token(client, f"/requests/{request.id}")})
    db.session.expire_all()
    assert request.next_clock == "extended_response" and request.next_due_on == date(2026, 12, 10)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.reason == "Extension notice logged"))
    assert event.changes["next_due_on"] == ["2026-11-30", "2026-12-10"]


def test_an_alabama_request_before_sb_270_shows_no_fixed_deadline(
        client, make_user, make_agency, make_request, login):
    # Before 2024 SB 270 (in force 2024-10-01) Ala. Code § 36-12-40 set no time limit: the request gets
    # a follow-up date, not a due date, and an extension notice on it must not break the page.
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="AL"), sent_on=date(2023, 5, 1))
    response = client.post(f"/requests/{request.id}/communications/", data={
        "kind": "extension_notice", "direction": "received", "occurred_on": "2023-05-20",
        "summary": "Needs more time", "csrf_token": csrf_token(client, f"/requests/{request.id}")})
    assert response.status_code == 302
    db.session.expire_all()
    assert request.status.name == "extended"
    # Only the organisation's follow-up: 10 business days after Mon 2023-05-01 is Mon 2023-05-15.
    assert request.next_clock == "followup" and request.next_due_on == date(2023, 5, 15)
    page = client.get(f"/requests/{request.id}")
    assert page.status_code == 200
    assert "No rule in our data was in force" not in page.text
    assert "no statutory deadline" in page.text and "(our policy, not law)" in page.text
    assert "Ala. Code § 36-12-40 (before 2024-10-01)" in page.text


def test_an_unlawful_extension_is_flagged_and_the_lawful_date_kept(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="CA"), sent_on=RECEIVED)
    client.post(f"/requests/{request.id}/communications/", data={
        "kind": "extension_notice", "direction": "received", "occurred_on": "2026-11-20",
        "extension_days": "60", "summary": "Two more months",
        "csrf_token": csrf_token(client, f"/requests/{request.id}")})
    page = client.get(f"/requests/{request.id}").text
    assert "Unlawful extension" in page
    db.session.expire_all()
    assert request.next_due_on == date(2026, 12, 10)


def test_a_closure_day_recomputes_the_deadlines_it_moves(client, make_user, make_agency, make_request, login):
    admin = make_user(Role.admin)
    # Only an operator records a closure day at once; an admin's is a suggestion.
    admin.is_operator = True
    db.session.commit()
    login(admin)
    agency = make_agency("Multnomah County Sheriff's Office", jurisdiction="OR")
    request = make_request(admin, agency, sent_on=date(2026, 11, 2))
    before = request.next_due_on
    response = client.post("/admin/closures/", data={
        "agency_id": agency.id, "closed_on": "2026-11-04", "name": "Snow day",
        "csrf_token": csrf_token(client, "/admin/closures/")})
    assert response.status_code == 302
    db.session.expire_all()
    assert request.next_due_on > before
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.reason.like("closure added%")))
    assert event is not None and "Snow day" in event.reason


def test_no_statutory_deadline_uses_the_policy_follow_up(client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency("Orlando Police Department", jurisdiction="FL"),
                           sent_on=RECEIVED)
    # 10 business days: Thanksgiving and the day after close Florida offices.
    assert request.next_clock == "followup" and request.next_due_on == date(2026, 12, 2)
    page = client.get(f"/requests/{request.id}").text
    assert "no statutory deadline" in page and "our policy, not law" in page


def test_the_list_puts_overdue_first_then_due_soonest(client, make_user, make_agency, make_request, login):
    user = login(make_user())
    make_request(user, make_agency(jurisdiction="CA"), title="Due later", sent_on=date(2026, 11, 20))
    make_request(user, make_agency(jurisdiction="CA"), title="Overdue", sent_on=date(2026, 10, 1))
    make_request(user, make_agency(jurisdiction="CA"), title="Draft")
    titles = re.findall(r'<a href="/requests/\d+">([^<]+)</a>', client.get("/requests/").text)
    assert titles == ["Overdue", "Due later", "Draft"]


def test_unverified_rules_are_marked(client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="AK"), sent_on=RECEIVED)
    assert "unverified" in client.get(f"/requests/{request.id}").text
    db.session.expire_all()
    assert db.session.get(RecordsRequest, request.id).next_due_on is not None


def test_michigan_email_requests_count_from_the_deemed_receipt_date(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency("Detroit Police Department", jurisdiction="MI"),
                           sent_on=date(2026, 11, 20))  # a Friday, by e-mail
    deemed = deadline_report("MI", date(2026, 11, 23))["clocks"]["response"]["due_on"]
    assert request.deadlines["response"] == deemed
    assert "Counted as received 2026-11-23" in client.get(f"/requests/{request.id}").text


def test_a_fee_estimate_pauses_the_clock_until_we_answer(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="OR"), sent_on=date(2026, 11, 2))
    unpaused = request.next_due_on
    for kind, direction, on in (("fee_estimate", "received", "2026-11-04"),
                                ("our_clarification", "sent", "2026-11-10")):
        client.post(f"/requests/{request.id}/communications/", data={
            "kind": kind, "direction": direction, "occurred_on": on, "summary": kind,
            "csrf_token": csrf_token(client, f"/requests/{request.id}")})
    db.session.expire_all()
    assert request.next_due_on > unpaused
    page = client.get(f"/requests/{request.id}").text
    assert "Clock paused from 2026-11-04 to 2026-11-10: fee estimate" in page


def test_a_clock_the_agency_met_says_so_instead_of_overdue(
        client, make_user, make_agency, make_request, login):
    user = login(make_user())
    request = make_request(user, make_agency(jurisdiction="OR"), sent_on=date(2026, 9, 28))
    client.post(f"/requests/{request.id}/communications/", data={
        "kind": "acknowledgment", "direction": "received", "occurred_on": "2026-09-30",
        "summary": "Acknowledged", "csrf_token": csrf_token(client, f"/requests/{request.id}")})
    page = client.get(f"/requests/{request.id}").text
    acknowledgment = page[page.index('id="clock-acknowledgment"'):page.index('id="clock-response"')]
    assert "met on 2026-09-30" in acknowledgment and "overdue" not in acknowledgment
    response = page[page.index('id="clock-response"'):]
    assert "overdue by" in response.split("</li>")[0]
