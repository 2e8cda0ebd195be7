"""Follow-up pages: scoping, roles, forms and the letter templates page."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foia_tracker.communications.models import Communication
from foia_tracker.extensions import db
from foia_tracker.followups.models import FollowUp, FollowUpStatus, LetterTemplate
from foia_tracker.users.models import Role
from foia_tracker.web.date_field import WRONG_FORMAT

from ..conftest import csrf_token
from .conftest import TODAY


def _post(client, followup, **data):
    path = f"/followups/{followup.id}"
    return client.post(path, data={"csrf_token": csrf_token(client, path), **data})


def _fresh(followup_id: int) -> FollowUp:
    db.session.expire_all()
    return db.session.get(FollowUp, followup_id)


def test_the_list_shows_the_organisation_s_due_follow_ups(client, login, make_user, scheduled_followup):
    user = make_user(Role.viewer)
    followup = scheduled_followup(user)
    scheduled_followup(make_user())  # another organisation's
    login(user)
    page = client.get("/followups")
    assert page.status_code == 200
    assert page.text.count('class="followup"') == 1
    assert followup.request.reference in page.text


def test_another_organisation_s_follow_up_is_not_found(client, login, make_user, scheduled_followup):
    followup = scheduled_followup(make_user())
    login(make_user(Role.admin))
    assert client.get(f"/followups/{followup.id}").status_code == 404
    token = csrf_token(client, "/followups")
    assert client.post(f"/followups/{followup.id}", data={"csrf_token": token, "action": "dismiss"}
                       ).status_code == 404
    assert client.get("/followups/2147483648").status_code == 404
    assert _fresh(followup.id).status is FollowUpStatus.open


def test_a_viewer_reads_the_draft_but_cannot_act(client, login, make_user, scheduled_followup):
    user = make_user(Role.viewer)
    followup = scheduled_followup(user)
    login(user)
    page = client.get(f"/followups/{followup.id}")
    assert page.status_code == 200 and "Mark as sent" not in page.text
    assert "ORS 192" in page.text
    response = client.post(f"/followups/{followup.id}", data={
        "csrf_token": csrf_token(client, "/followups"), "action": "dismiss"})
    assert response.status_code == 403
    assert _fresh(followup.id).status is FollowUpStatus.open


def test_marking_sent_through_the_form(client, login, make_user, scheduled_followup):
    user = make_user()
    followup = scheduled_followup(user)
    login(user)
    response = _post(client, followup, action="send", subject="Follow-up on our request",
                     body="Dear officer", sent_on=TODAY.isoformat())
    assert response.status_code == 302
    assert response.location.endswith(f"/requests/{followup.request_id}#timeline")
    sent = _fresh(followup.id)
    assert sent.status is FollowUpStatus.sent
    entry = db.session.get(Communication, sent.sent_communication_id)
    assert entry.summary == "Follow-up sent: Follow-up on our request"
    timeline = client.get(f"/requests/{followup.request_id}")
    assert "Follow-up sent: Follow-up on our request" in timeline.text


@pytest.mark.parametrize("data, message", [
    ({"action": "send", "subject": "S", "body": "B", "sent_on": ""}, "Enter the date the letter was sent."),
    ({"action": "send", "subject": "S", "body": "B",
      "sent_on": (TODAY + timedelta(days=3)).isoformat()}, "cannot be in the future"),
    ({"action": "send", "subject": "", "body": "B", "sent_on": TODAY.isoformat()}, "This field is required."),
    ({"action": "snooze", "until": TODAY.isoformat()}, "Choose a date after today."),
    ({"action": "snooze", "until": ""}, "Enter a date."),
    # Dates that do not exist stop at the parse error instead of reaching the date checks.
    ({"action": "snooze", "until": "2024-02-30"}, "there is no 2024-02-30."),
    ({"action": "snooze", "until": "tomorrow"}, WRONG_FORMAT),
    ({"action": "send", "subject": "S", "body": "B", "sent_on": "2024-02-30"}, "there is no 2024-02-30."),
])
def test_invalid_submissions_are_shown_next_to_the_fields(client, login, make_user, scheduled_followup,
                                                           data, message):
    user = make_user()
    followup = scheduled_followup(user)
    login(user)
    response = _post(client, followup, **data)
    assert response.status_code == 400
    assert 'class="error"' in response.text and message in response.text
    assert _fresh(followup.id).status is FollowUpStatus.open
    assert db.session.scalar(select(func.count()).select_from(FollowUp)) == 1


def test_snooze_and_dismiss_through_the_forms(client, login, make_user, scheduled_followup):
    user = make_user()
    followup = scheduled_followup(user)
    login(user)
    until = TODAY + timedelta(days=5)
    assert _post(client, followup, action="snooze", until=until.isoformat()).status_code == 302
    assert _fresh(followup.id).snoozed_until == until
    assert 'class="followup"' not in client.get("/followups").text
    assert _post(client, followup, action="dismiss").status_code == 302
    assert _fresh(followup.id).status is FollowUpStatus.dismissed
    # Acting on it again is refused with a message, not an error page.
    assert _post(client, followup, action="snooze", until=until.isoformat()).status_code == 302
    assert _post(client, followup, action="nonsense").status_code == 400


def test_admins_edit_letter_templates_with_a_preview(client, login, make_user):
    admin = login(make_user(Role.admin))
    page = client.get("/admin/letter-templates?kind=appeal")
    assert page.status_code == 200
    assert "{records_officer}" in page.text and 'id="preview"' in page.text
    token = csrf_token(client, "/admin/letter-templates")
    preview = client.post("/admin/letter-templates?kind=appeal", data={
        "csrf_token": token, "action": "preview", "subject": "Appeal of {reference}", "body": "To {agency}"})
    assert preview.status_code == 200 and "To Portland Police Bureau" in preview.text
    assert db.session.scalar(select(func.count()).select_from(LetterTemplate)) == 0
    saved = client.post("/admin/letter-templates?kind=appeal", data={
        "csrf_token": token, "action": "save", "subject": "Appeal of {reference}", "body": "To {agency}"})
    assert saved.status_code == 302
    template = db.session.scalars(select(LetterTemplate)).one()
    assert (template.organisation_id, template.kind.name) == (admin.organisation_id, "appeal")
    reset = client.post("/admin/letter-templates?kind=appeal", data={"csrf_token": token, "action": "reset"})
    assert reset.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(LetterTemplate)) == 0


@pytest.mark.parametrize("body, message", [
    ("Dear {__class__}", "Unknown placeholder {__class__}"),
    ("Dear {agency.__init__.__globals__}", "Unknown placeholder {agency.__init__.__globals__}"),
    ("Dear {agency", "A brace is not closed"),
])
def test_a_hostile_template_is_refused_next_to_the_field(client, login, make_user, body, message):
    login(make_user(Role.admin))
    response = client.post("/admin/letter-templates?kind=no_response", data={
        "csrf_token": csrf_token(client, "/admin/letter-templates"), "action": "save",
        "subject": "Overdue {reference}", "body": body})
    assert response.status_code == 400
    assert 'id="body-error"' in response.text and message in response.text
    assert db.session.scalar(select(func.count()).select_from(LetterTemplate)) == 0


def test_only_admins_reach_the_templates(client, login, make_user):
    login(make_user(Role.editor))
    assert client.get("/admin/letter-templates").status_code == 403
    assert client.get("/admin/letter-templates?kind=nonsense").status_code == 403


def test_an_unknown_kind_is_not_found(client, login, make_user):
    login(make_user(Role.admin))
    assert client.get("/admin/letter-templates?kind=__class__").status_code == 404


def test_the_dashboard_partial_lists_the_due_follow_ups(app, make_user, scheduled_followup):
    from flask import render_template
    from flask_login import login_user

    from foia_tracker.followups.services import open_followups_for

    user = make_user(Role.viewer)
    followup = scheduled_followup(user)
    with app.test_request_context("/dashboard"):
        login_user(user)
        html = render_template("followups/_dashboard_tasks.html", followups=open_followups_for(user),
                               today=TODAY)
    assert f"/followups/{followup.id}" in html and followup.request.reference in html
