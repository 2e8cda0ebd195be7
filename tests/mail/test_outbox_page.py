"""The admin outbox page: scoped to the organisation, admins only, with a working Retry."""

import pytest
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.mail.delivery import DeliveryReport, outbox_deliver
from foia_tracker.mail.models import MailStatus, OutboxMessage
from foia_tracker.users.models import Role

from ..conftest import csrf_token

REFUSAL = "550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown"
NOT_DELIVERED = ("Alerts are not being delivered: no mail server is configured "
                 "(FOIA_MAIL_SERVER)")


def _row(key: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))


@pytest.fixture
def failed_message(queue_mail):
    """Return a function that queues a message and records it as failed with a 550."""

    def make(organisation, to_address="gone@example.org") -> str:
        key = queue_mail(to_address, organisation=organisation, subject="Overdue: county sheriff")
        row = _row(key)
        row.status, row.attempts, row.last_error = MailStatus.failed, 1, REFUSAL
        db.session.commit()
        return key

    return make


@pytest.fixture
def admin(make_user, login):
    return login(make_user(Role.admin))


def test_failed_message_is_listed_with_its_error_and_retry_sends_it(
        now, app, client, admin, failed_message, smtp_server, mail_config):
    key = failed_message(admin.organisation)

    page = client.get("/admin/outbox/?status=failed")

    assert page.status_code == 200
    assert "Overdue: county sheriff" in page.text
    assert "gone@example.org" in page.text
    assert "550 5.1.1 &lt;gone@example.org&gt;: Recipient address rejected" in page.text
    assert "Retry" in page.text
    response = client.post(f"/admin/outbox/{_row(key).id}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox/")})
    assert response.status_code == 302
    row = _row(key)
    assert (row.status, row.attempts) == (MailStatus.pending, 0)
    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(sent=1)
    assert smtp_server.recipients() == ["gone@example.org"]


def test_page_lists_messages_by_status(client, admin, queue_mail, failed_message):
    queue_mail("waiting@example.org", organisation=admin.organisation)
    failed_message(admin.organisation)

    pending = client.get("/admin/outbox/?status=pending")
    failed = client.get("/admin/outbox/?status=failed")
    everything = client.get("/admin/outbox/")

    assert "waiting@example.org" in pending.text and "gone@example.org" not in pending.text
    assert "gone@example.org" in failed.text and "waiting@example.org" not in failed.text
    assert "waiting@example.org" in everything.text and "gone@example.org" in everything.text


def test_a_sent_message_cannot_be_retried(client, admin, queue_mail):
    key = queue_mail("ana@example.org", organisation=admin.organisation)
    row = _row(key)
    row.status = MailStatus.sent
    db.session.commit()

    response = client.post(f"/admin/outbox/{row.id}/retry", follow_redirects=True,
                           data={"csrf_token": csrf_token(client, "/admin/outbox/")})

    assert "Only failed messages can be retried" in response.text
    assert _row(key).status is MailStatus.sent


def test_another_organisations_message_is_not_listed_and_its_retry_is_404(
        client, admin, make_organisation, failed_message):
    key = failed_message(make_organisation(), to_address="other@example.org")

    page = client.get("/admin/outbox/")
    response = client.post(f"/admin/outbox/{_row(key).id}/retry",
                           data={"csrf_token": csrf_token(client, "/admin/outbox/")})

    assert "other@example.org" not in page.text
    assert response.status_code == 404
    assert _row(key).status is MailStatus.failed


@pytest.mark.parametrize("role", [Role.editor, Role.viewer])
def test_non_admins_get_403(client, make_user, login, failed_message, role):
    user = login(make_user(role))
    key = failed_message(user.organisation)

    page = client.get("/admin/outbox/")
    response = client.post(f"/admin/outbox/{_row(key).id}/retry",
                           data={"csrf_token": csrf_token(client, "/requests/")})

    assert (page.status_code, response.status_code) == (403, 403)
    assert _row(key).status is MailStatus.failed


def test_page_says_alerts_are_not_delivered_without_a_mail_server(app, client, admin):
    assert app.config["MAIL_SERVER"] is None

    assert NOT_DELIVERED in client.get("/admin/outbox/").text


def test_page_has_no_warning_with_a_mail_server(app, client, admin):
    app.config["MAIL_SERVER"] = "127.0.0.1"

    assert NOT_DELIVERED not in client.get("/admin/outbox/").text
