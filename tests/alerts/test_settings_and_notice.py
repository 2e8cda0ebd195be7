"""Admins set the alert policies; they are told when no mail server delivers alerts."""

from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from ..conftest import csrf_token


def test_an_admin_sets_the_escalation_and_repeat_policies(client, make_user, login):
    admin = login(make_user(Role.admin))
    response = client.post("/admin/settings", data={
        "name": admin.organisation.name, "followup_policy_days": "10",
        "followup_repeat_business_days": "5", "escalation_business_days": "20",
        "csrf_token": csrf_token(client, "/admin/settings")})
    assert response.status_code == 302
    db.session.expire_all()
    assert (admin.organisation.followup_repeat_business_days,
            admin.organisation.escalation_business_days) == (5, 20)


def test_admins_see_that_alerts_are_not_delivered_without_a_mail_server(app, client, make_user, login):
    login(make_user(Role.admin))
    assert "Alerts are not being delivered" in client.get("/dashboard").text
    app.config["MAIL_SERVER"] = "127.0.0.1"
    assert "Alerts are not being delivered" not in client.get("/dashboard").text
