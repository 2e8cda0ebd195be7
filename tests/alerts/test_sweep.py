"""The alert sweep: one digest per user and day, alerts once, escalation, catch-up after downtime."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from foia_tracker.alerts.sweep import alerts_sweep
from foia_tracker.extensions import db
from foia_tracker.mail.models import OutboxMessage
from foia_tracker.users.models import Role

LA = "America/Los_Angeles"
#: 08:00 in Los Angeles on Monday 2026-11-23.
MONDAY_8AM_LA = datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)


@pytest.fixture
def la_user(make_user):
    def make(role=Role.editor, organisation=None, **prefs):
        user = make_user(role, organisation=organisation)
        user.timezone = LA
        for key, value in prefs.items():
            setattr(user, key, value)
        db.session.commit()
        return user

    return make


def outbox(kind=None):
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.scalars(query).all()


def ca_request(make_request, make_agency, user, sent_on, **values):
    return make_request(user, make_agency(jurisdiction="CA"), sent_on=sent_on, **values)


def test_a_digest_lists_overdue_due_today_and_due_soon_once(la_user, make_request, make_agency):
    user = la_user()
    ca_request(make_request, make_agency, user, date(2026, 11, 6), title="Overdue one")    # due 11-16
    ca_request(make_request, make_agency, user, date(2026, 11, 13), title="Due today")     # due 11-23
    ca_request(make_request, make_agency, user, date(2026, 11, 15), title="Due soon")      # due 11-25
    ca_request(make_request, make_agency, user, date(2026, 11, 22), title="Far off")       # due 12-02
    report = alerts_sweep(now=MONDAY_8AM_LA)
    [digest] = outbox("digest")
    assert report.digests == 1 and digest.to_address == user.email
    assert digest.subject == "Records deadlines for 2026-11-23: 1 overdue, 1 due today, 1 due soon"
    text = digest.text_body
    assert text.index("Overdue one") < text.index("Due today") < text.index("Due soon")
    assert "Far off" not in text and "Cal. Gov. Code § 7922.535" in text
    assert "http://127.0.0.1:5000/requests/" in text and "<li>" in digest.html_body

    again = alerts_sweep(now=MONDAY_8AM_LA.replace(hour=17))
    assert again.digests == 0 and len(outbox("digest")) == 1


def test_no_digest_before_the_users_local_hour(la_user, make_request, make_agency):
    user = la_user(digest_hour=9)
    ca_request(make_request, make_agency, user, date(2026, 11, 6))
    assert alerts_sweep(now=MONDAY_8AM_LA).digests == 0
    assert alerts_sweep(now=MONDAY_8AM_LA.replace(hour=17)).digests == 1


def test_due_today_is_the_users_local_date(make_user, make_request, make_agency):
    user = make_user()
    user.timezone, user.digest_hour = "Pacific/Honolulu", 0
    db.session.commit()
    ca_request(make_request, make_agency, user, date(2026, 11, 13))   # due 2026-11-23
    # 05:00 UTC on the 23rd is still the 22nd in Honolulu: due soon, not due today.
    alerts_sweep(now=datetime(2026, 11, 23, 5, 0, tzinfo=timezone.utc))
    [digest] = outbox("digest")
    assert "1 due soon" in digest.subject and "2026-11-22" in digest.subject


def test_the_morning_after_a_deadline_passes_an_alert_goes_out_once(la_user, make_request, make_agency):
    user = la_user()
    request = ca_request(make_request, make_agency, user, date(2026, 11, 12))
    request.next_due_on = date(2026, 11, 22)
    db.session.commit()
    alerts_sweep(now=MONDAY_8AM_LA)
    alerts_sweep(now=MONDAY_8AM_LA)
    [alert] = outbox("deadline_passed")
    assert alert.subject.startswith("Deadline passed:") and "passed yesterday, 2026-11-22" in alert.text_body


def test_watchers_get_the_alerts_too_and_disabled_users_get_nothing(
        la_user, make_request, make_agency):
    assignee = la_user()
    watcher = la_user(organisation=assignee.organisation)
    quiet = la_user(organisation=assignee.organisation, is_email_enabled=False)
    request = ca_request(make_request, make_agency, assignee, date(2026, 11, 6),
                         watcher_ids=[watcher.id, quiet.id])
    assert {u.id for u in request.watchers} == {watcher.id, quiet.id}
    alerts_sweep(now=MONDAY_8AM_LA)
    assert sorted(m.to_address for m in outbox("digest")) == sorted([assignee.email, watcher.email])


def test_admins_hear_of_requests_overdue_past_the_threshold(la_user, make_request, make_agency):
    editor = la_user()
    admin = la_user(Role.admin, organisation=editor.organisation)
    ca_request(make_request, make_agency, editor, date(2026, 10, 1), title="Long overdue")   # due 10-12
    ca_request(make_request, make_agency, editor, date(2026, 11, 6), title="Just overdue")   # due 11-16
    alerts_sweep(now=MONDAY_8AM_LA)
    digest = next(m for m in outbox("digest") if m.to_address == admin.email)
    assert "1 escalated" in digest.subject
    escalated = digest.text_body.split("Escalated")[1]
    assert "Long overdue" in escalated and "Just overdue" not in escalated


def test_after_a_week_of_downtime_each_user_gets_one_digest_not_a_flood(
        la_user, make_request, make_agency):
    user = la_user()
    for day in range(2, 9):
        request = ca_request(make_request, make_agency, user, date(2026, 11, 2), title=f"R{day}")
        request.next_due_on = date(2026, 11, 14 + day)   # deadlines passed during the downtime
        db.session.commit()
    alerts_sweep(now=MONDAY_8AM_LA)
    assert len(outbox("digest")) == 1
    # Only the deadline that passed yesterday gets its own alert; the rest are in the digest.
    assert [m.subject for m in outbox("deadline_passed")] == [
        f"Deadline passed: {request.reference} R8"]
    assert outbox("digest")[0].text_body.count("- ") >= 7


def test_nothing_due_means_no_mail(la_user):
    la_user()
    assert alerts_sweep(now=MONDAY_8AM_LA).digests == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_long_digest_lists_the_most_urgent_and_links_to_the_rest(
        la_user, make_request, make_agency, monkeypatch):
    import foia_tracker.alerts.sweep as sweep

    monkeypatch.setattr(sweep, "DIGEST_SECTION_LIMIT", 2)
    user = la_user()
    for n, sent_on in enumerate((date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4))):
        ca_request(make_request, make_agency, user, sent_on, title=f"Overdue {n}")
    alerts_sweep(now=MONDAY_8AM_LA)
    [digest] = outbox("digest")
    assert "Overdue 0" in digest.text_body and "Overdue 1" in digest.text_body
    assert "Overdue 2" not in digest.text_body
    assert "- and 1 more: http://127.0.0.1:5000/requests/?status=open" in digest.text_body
    assert "3 overdue" in digest.subject


def test_assigned_and_watched_requests_are_listed_once_each_in_due_date_order(
        la_user, make_request, make_agency):
    user = la_user()
    colleague = la_user(organisation=user.organisation)
    ca_request(make_request, make_agency, user, date(2026, 11, 10), title="Mine later")      # due 11-19
    ca_request(make_request, make_agency, colleague, date(2026, 11, 2), title="Watched first",
               watcher_ids=[user.id])                                                      # due 11-10
    ca_request(make_request, make_agency, user, date(2026, 11, 4), title="Mine and watched",
               watcher_ids=[user.id, colleague.id])                                        # due 11-13
    alerts_sweep(now=MONDAY_8AM_LA)
    digest = next(m for m in outbox("digest") if m.to_address == user.email)
    text = digest.text_body
    assert text.index("Watched first") < text.index("Mine and watched") < text.index("Mine later")
    assert text.count("Mine and watched") == 1 and digest.subject.endswith(": 3 overdue")


def test_links_keep_the_path_of_the_base_url(app, la_user, make_request, make_agency):
    app.config["BASE_URL"] = "https://example.org/foia/"
    user = la_user()
    request = ca_request(make_request, make_agency, user, date(2026, 11, 6))
    passed = ca_request(make_request, make_agency, user, date(2026, 11, 12))
    passed.next_due_on = date(2026, 11, 22)
    db.session.commit()
    alerts_sweep(now=MONDAY_8AM_LA)
    [digest], [alert] = outbox("digest"), outbox("deadline_passed")
    for request_id in (request.id, passed.id):
        link = f"https://example.org/foia/requests/{request_id}"
        assert f"  {link}\n" in digest.text_body and f'<a href="{link}">' in digest.html_body
    assert f"https://example.org/foia/requests/{passed.id}\n" in alert.text_body + "\n"
    assert "Change these alerts: https://example.org/foia/" in digest.text_body


def test_each_admin_hears_of_their_own_organisations_escalations(la_user, make_request, make_agency):
    editor = la_user()
    admins = [la_user(Role.admin, organisation=editor.organisation) for _ in range(2)]
    elsewhere = la_user(Role.admin)
    ca_request(make_request, make_agency, editor, date(2026, 10, 1), title="Long overdue")
    alerts_sweep(now=MONDAY_8AM_LA)
    subjects = {m.to_address: m.subject for m in outbox("digest")}
    assert all("1 escalated" in subjects[admin.email] for admin in admins)
    assert elsewhere.email not in subjects
