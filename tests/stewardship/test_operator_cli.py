"""The operator commands: grant, revoke and list the installation's stewards."""

from sqlalchemy import select

from foia_tracker.audit.models import AuditEvent
from foia_tracker.extensions import db
from foia_tracker.users.models import Role


def test_an_operator_is_granted_listed_and_revoked(runner, make_user):
    user = make_user(Role.editor, email="steward@example.org")
    assert runner.invoke(args=["operator", "list"]).output.startswith("No operators.")
    result = runner.invoke(args=["operator", "grant", "Steward@Example.org"])
    assert result.exit_code == 0 and "steward@example.org is now an operator." in result.output
    db.session.expire_all()
    assert user.is_operator
    listed = runner.invoke(args=["operator", "list"])
    assert listed.exit_code == 0
    assert "steward@example.org" in listed.output and user.organisation.name in listed.output
    again = runner.invoke(args=["operator", "grant", "steward@example.org"])
    assert again.exit_code == 0 and "is already an operator" in again.output
    result = runner.invoke(args=["operator", "revoke", "steward@example.org"])
    assert result.exit_code == 0 and "is no longer an operator" in result.output
    db.session.expire_all()
    assert not user.is_operator
    changes = db.session.scalars(select(AuditEvent.changes).where(
        AuditEvent.object_type == "User", AuditEvent.action == "changed")).all()
    assert changes == [{"is_operator": [False, True]}, {"is_operator": [True, False]}]


def test_an_unknown_address_is_an_error(runner, make_user):
    make_user(Role.editor, email="steward@example.org")
    for command in ("grant", "revoke"):
        result = runner.invoke(args=["operator", command, "nobody@example.org"])
        assert result.exit_code == 1
        assert "No user has the e-mail address 'nobody@example.org'." in result.output


def test_an_operator_sees_the_review_link(client, login, make_user):
    user = make_user(Role.admin)
    login(user)
    assert ">Review</a>" not in client.get("/").text
    user.is_operator = True
    db.session.commit()
    assert ">Review</a>" in client.get("/agencies/").text
