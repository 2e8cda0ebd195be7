"""Queuing many messages at once: the same rows as one at a time, and the key still guards."""

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from foia_tracker.extensions import db
from foia_tracker.mail.delivery import DeliveryReport, outbox_deliver
from foia_tracker.mail.models import MailStatus, OutboxMessage
from foia_tracker.mail.outbox import outbox_add_all


def message(n: int, **values) -> dict:
    return {"key": f"bulk:{n}", "organisation_id": None, "kind": "digest",
            "to_address": f"reader{n}@example.org", "subject": f"Subject {n}",
            "text_body": f"Plain {n}", "html_body": f"<p>HTML {n}</p>", **values}


def test_messages_queued_together_are_pending_due_and_delivered(now, smtp_server, mail_config):
    assert outbox_add_all([message(1, send_after=now - timedelta(minutes=1)), message(2)]) == 2
    db.session.commit()
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [row.idempotency_key for row in rows] == ["bulk:1", "bulk:2"]
    assert {(row.status, row.attempts) for row in rows} == {(MailStatus.pending, 0)}
    assert rows[0].next_attempt_at == now - timedelta(minutes=1)
    assert rows[1].next_attempt_at < now and rows[1].created_at is not None
    assert (rows[1].subject, rows[1].text_body, rows[1].html_body) == (
        "Subject 2", "Plain 2", "<p>HTML 2</p>")

    assert outbox_deliver(now=now, config=mail_config) == DeliveryReport(sent=2)
    assert sorted(smtp_server.recipients()) == ["reader1@example.org", "reader2@example.org"]


def test_nothing_to_queue_is_no_insert():
    assert outbox_add_all([]) == 0


def test_a_key_already_queued_fails_the_whole_batch(queue_mail):
    key = queue_mail()
    with pytest.raises(IntegrityError):
        outbox_add_all([message(1), message(2, key=key)])
    db.session.rollback()
    assert db.session.scalars(select(OutboxMessage.idempotency_key)).all() == [key]
