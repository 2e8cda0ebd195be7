"""Every change is recorded with who, when, and old and new values; admins read it."""

from datetime import timedelta

from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from .conftest import AGENCY_TODAY as TODAY
from .conftest import csrf_token



def test_a_change_to_a_request_is_audited_with_old_and_new_values(client, make_user, make_request, login):
    user = login(make_user(Role.admin))
    request = make_request(user, title="Old title", sent_on=TODAY - timedelta(days=2))
    client.post(f"/requests/{request.id}/edit", data={
        "agency_id": request.agency_id, "title": "New title", "body": request.body,
        "sent_on": request.sent_on.isoformat(), "channel": "email", "other_tags": "Drones",
        "assignee_id": user.id, "csrf_token": csrf_token(client, f"/requests/{request.id}/edit")})
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.object_type == "RecordsRequest", AuditEvent.action == "changed"))
    assert event.actor_id == user.id and event.organisation_id == user.organisation_id
    assert event.changes["title"] == ["Old title", "New title"]
    assert event.changes["tags"] == [["Face recognition"], ["Drones"]]
    assert event.occurred_at.tzinfo is not None

    page = client.get("/admin/audit").text
    assert "New title" in page and "Old title" in page and user.name in page


def test_password_values_never_reach_the_audit_log(make_user):
    user = make_user()
    user.set_password("another long password")
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "User")).all()
    assert all(e.changes.get("password_hash", ["(hidden)"])[0] == "(hidden)" for e in events)
    assert not any("scrypt" in str(e.changes) for e in events)


def test_only_admins_read_the_audit_log(client, make_user, login):
    login(make_user(Role.editor))
    assert client.get("/admin/audit").status_code == 403
