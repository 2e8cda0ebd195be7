"""Delivering the outbox to a real local SMTP server: what arrives, once, and what is retried."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.mail.delivery import DeliveryReport, outbox_deliver
from foia_tracker.mail.models import MailStatus, OutboxMessage
from foia_tracker.mail.message import message_id_for


def _row(key: str) -> OutboxMessage:
    db.session.expire_all()
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))


def test_delivered_message_has_recipient_subject_both_parts_and_message_id(
        now, smtp_server, mail_config, queue_mail):
    key = queue_mail("ana@example.org", subject="3 deadlines this week",
                     text_body="Plain: due Friday", html_body="<p>HTML: due <b>Friday</b></p>")

    report = outbox_deliver(now=now, config=mail_config)

    assert report == DeliveryReport(sent=1)
    [received] = smtp_server.received
    assert received.mail_from == "alerts@foia.example.org"
    assert received.rcpt_tos == ["ana@example.org"]
    message = received.message
    assert message["Subject"] == "3 deadlines this week"
    assert message["To"] == "ana@example.org"
    assert message["From"] == "FOIA Tracker <alerts@foia.example.org>"
    assert message["Message-ID"] == message_id_for(key, "alerts@foia.example.org")
    assert message["Message-ID"].endswith("@foia.example.org>")
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    assert parts[0].get_content().strip() == "Plain: due Friday"
    assert parts[1].get_content().strip() == "<p>HTML: due <b>Friday</b></p>"
    row = _row(key)
    assert row.status is MailStatus.sent
    assert row.sent_at >= now and row.sent_at < now + timedelta(minutes=1)
    assert row.attempts == 0 and row.last_error is None


def test_server_down_is_retried_with_backoff_then_delivered_exactly_once(
        now, smtp_server, mail_config, queue_mail):
    keys = [queue_mail("ana@example.org"), queue_mail("ben@example.org")]
    smtp_server.stop()

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(retried=2)
    for key in keys:
        row = _row(key)
        assert (row.status, row.attempts) == (MailStatus.pending, 1)
        assert row.next_attempt_at == now + timedelta(seconds=60)
        assert "refused" in row.last_error.lower()

    smtp_server.start()
    assert outbox_deliver(now=now + timedelta(seconds=59), config=mail_config) == DeliveryReport()
    assert smtp_server.received == []

    later = now + timedelta(seconds=60)
    assert outbox_deliver(now=later, config=mail_config) == DeliveryReport(sent=2)
    assert outbox_deliver(now=later + timedelta(hours=1), config=mail_config) == DeliveryReport()
    assert sorted(smtp_server.recipients()) == ["ana@example.org", "ben@example.org"]
    assert {_row(key).status for key in keys} == {MailStatus.sent}


def test_backoff_doubles_and_gives_up_after_max_attempts(now, smtp_server, mail_config, queue_mail):
    key = queue_mail("ana@example.org")
    smtp_server.stop()
    attempt_at = now
    for attempts, wait in [(1, 60), (2, 120)]:
        assert outbox_deliver(now=attempt_at, config=mail_config) == DeliveryReport(retried=1)
        row = _row(key)
        assert (row.status, row.attempts) == (MailStatus.pending, attempts)
        assert row.next_attempt_at == attempt_at + timedelta(seconds=wait)
        attempt_at = row.next_attempt_at

    assert outbox_deliver(now=attempt_at, config=mail_config) == DeliveryReport(failed=1)
    row = _row(key)
    assert (row.status, row.attempts) == (MailStatus.failed, 3)
    assert "refused" in row.last_error.lower()
    smtp_server.start()
    next_day = attempt_at + timedelta(days=1)
    assert outbox_deliver(now=next_day, config=mail_config) == DeliveryReport()
    assert smtp_server.received == []


def test_rejected_recipient_fails_with_the_550_text_and_others_are_delivered(
        now, smtp_server, mail_config, queue_mail):
    smtp_server.refuse("gone@example.org")
    first, gone, last = (queue_mail(address) for address in
                         ("ana@example.org", "gone@example.org", "ben@example.org"))

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(sent=2, failed=1)

    assert smtp_server.recipients() == ["ana@example.org", "ben@example.org"]
    row = _row(gone)
    assert row.status is MailStatus.failed
    assert row.last_error == (
        "gone@example.org: 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown")
    assert (_row(first).status, _row(last).status) == (MailStatus.sent, MailStatus.sent)


def test_temporarily_refused_recipient_is_retried_later(now, smtp_server, mail_config, queue_mail):
    smtp_server.refuse("busy@example.org", "451 4.7.1 Greylisted, try again later")
    key = queue_mail("busy@example.org")

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(retried=1)

    row = _row(key)
    assert (row.status, row.attempts) == (MailStatus.pending, 1)
    assert "451 4.7.1 Greylisted" in row.last_error
    assert row.next_attempt_at == now + timedelta(seconds=60)
    assert smtp_server.received == []


def test_two_deliveries_in_a_row_send_once(now, smtp_server, mail_config, queue_mail):
    queue_mail("ana@example.org")

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(sent=1)
    assert outbox_deliver(now=now + timedelta(seconds=1), config=mail_config) == DeliveryReport()

    assert smtp_server.recipients() == ["ana@example.org"]


def test_server_hanging_up_between_messages_is_reconnected(
        now, smtp_server, mail_config, queue_mail):
    smtp_server.drop_after_each_message()
    for n in range(3):
        queue_mail(f"reader{n}@example.org")

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(sent=3)

    assert smtp_server.recipients() == [f"reader{n}@example.org" for n in range(3)]


def test_limit_leaves_the_rest_for_the_next_run(now, smtp_server, mail_config, queue_mail):
    for n in range(5):
        queue_mail(f"reader{n}@example.org")

    assert outbox_deliver(now=now, config=mail_config, limit=3) == DeliveryReport(sent=3)
    assert outbox_deliver(now=now, config=mail_config, limit=3) == DeliveryReport(sent=2)

    assert smtp_server.recipients() == [f"reader{n}@example.org" for n in range(5)]


def test_two_sweepers_at_once_deliver_each_message_once(
        now, app, smtp_server, mail_config, queue_mail):
    addresses = [f"reader{n}@example.org" for n in range(60)]
    for address in addresses:
        queue_mail(address)
    start = threading.Barrier(2)
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []

    def sweep():
        # Each thread has its own app context, hence its own session and connection.
        with app.app_context():
            try:
                start.wait()
                while (report := outbox_deliver(now=now, config=mail_config, limit=7)).sent:
                    reports.append(report)
            except BaseException as error:
                errors.append(error)

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(smtp_server.recipients()) == sorted(addresses)
    assert sum(report.sent for report in reports) == len(addresses)
    db.session.expire_all()
    assert set(db.session.scalars(select(OutboxMessage.status))) == {MailStatus.sent}


@pytest.mark.parametrize(("claimed_ago", "expected"), [
    (timedelta(hours=1), DeliveryReport(sent=1)),
    (timedelta(minutes=1), DeliveryReport()),
])
def test_a_sender_that_died_after_claiming_is_recovered_once_its_claim_is_stale(
        now, smtp_server, mail_config, queue_mail, claimed_ago, expected):
    key = queue_mail("ana@example.org")
    row = _row(key)
    row.status, row.claimed_at, row.claim_token = MailStatus.sending, now - claimed_ago, "dead"
    db.session.commit()

    assert outbox_deliver(now=now, config=mail_config) == expected
    assert outbox_deliver(now=now + timedelta(seconds=1), config=mail_config) == DeliveryReport()

    assert smtp_server.recipients() == (["ana@example.org"] if expected.sent else [])
    assert _row(key).status is (MailStatus.sent if expected.sent else MailStatus.sending)


def test_without_a_mail_server_nothing_is_sent_and_messages_stay_pending(
        now, smtp_server, mail_config, queue_mail):
    key = queue_mail("ana@example.org")

    report = outbox_deliver(now=now, config={**mail_config, "MAIL_SERVER": None})

    assert report == DeliveryReport(skipped_reason="no mail server configured")
    assert smtp_server.received == []
    row = _row(key)
    assert (row.status, row.attempts, row.last_error) == (MailStatus.pending, 0, None)


def test_a_subject_that_cannot_be_a_header_fails_without_blocking_others(
        now, smtp_server, mail_config, queue_mail):
    bad = queue_mail("ana@example.org", subject="Injected\r\nBcc: victim@example.org")
    queue_mail("ben@example.org")

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(sent=1, failed=1)

    assert smtp_server.recipients() == ["ben@example.org"]
    assert _row(bad).status is MailStatus.failed


def test_a_sender_out_of_time_hands_its_claims_back_unsent(
        now, monkeypatch, smtp_server, mail_config, queue_mail):
    key = queue_mail("ana@example.org")
    # No time budget at all: the run must stop before its first send.
    monkeypatch.setattr("foia_tracker.mail.delivery.stale_claim_seconds", lambda config: 0)

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport()

    assert smtp_server.received == []
    row = _row(key)
    assert (row.status, row.attempts, row.claim_token) == (MailStatus.pending, 0, None)


def test_non_ascii_subject_sender_and_bodies_arrive_intact(
        now, smtp_server, mail_config, queue_mail):
    queue_mail("ana@example.org", subject="Délai dépassé — 3 requêtes",
               text_body="Réponse due le 5 mai.", html_body="<p>Réponse due le <b>5 mai</b>.</p>")

    config = {**mail_config, "MAIL_DEFAULT_SENDER": "Suivi des requêtes <alerts@foia.example.org>"}
    assert outbox_deliver(now=now, config=config) == DeliveryReport(sent=1)

    [received] = smtp_server.received
    assert received.mail_from == "alerts@foia.example.org"
    assert received.message["Subject"] == "Délai dépassé — 3 requêtes"
    assert received.message["From"] == "Suivi des requêtes <alerts@foia.example.org>"
    text, html = received.message.iter_parts()
    assert text.get_content().strip() == "Réponse due le 5 mai."
    assert html.get_content().strip() == "<p>Réponse due le <b>5 mai</b>.</p>"
