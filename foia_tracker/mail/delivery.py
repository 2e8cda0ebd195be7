"""Deliver the outbox after commit: claim due rows, send them over one connection, mark each.

Guarantees. Within our database each message is claimed by one sender and marked once
(exactly once). At the SMTP boundary delivery is at least once: if a sender dies after the
server accepted a message and before its `sent` mark is committed, the row stays `sending`
and is sent again once its claim is stale. That gap (one SMTP reply plus one commit, for the
one message in flight) is the only window; the repeated e-mail carries the same Message-ID,
so mail clients and servers can recognise it.

A live sender never holds a claim long enough for it to look stale: it stops sending at half
the stale timeout and hands the rest back.
"""

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection

from ..extensions import db
from .claims import (backoff_at, claim_mark_failed, claim_mark_retry, claim_mark_sent,
                     claims_release, claims_rows, claims_take)
from .message import compose, envelope_sender, wire_bytes
from .smtp import ConnectFailure, PermanentFailure, SmtpSender, TemporaryFailure

log = logging.getLogger(__name__)

#: A claim older than this belongs to a sender that died. Ten socket timeouts at least, so
#: a sender that stops at half of it still has several timeouts' margin for its last send.
MIN_STALE_CLAIM_SECONDS = 600
NOT_CONFIGURED = "no mail server configured"


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped_reason: str | None = None


def mail_is_configured(config: Mapping) -> bool:
    """Return whether a mail server is set, without which nothing is delivered."""
    return bool(config.get("MAIL_SERVER"))


def stale_claim_seconds(config: Mapping) -> float:
    """Return after how long a `sending` row is taken to belong to a dead sender."""
    return max(MIN_STALE_CLAIM_SECONDS, 10 * float(config["MAIL_TIMEOUT_SECONDS"]))


def outbox_deliver(*, now: datetime, config: Mapping, limit: int = 1000) -> DeliveryReport:
    """Claim the due outbox messages and send them; return what happened."""
    if not mail_is_configured(config):
        return DeliveryReport(skipped_reason=NOT_CONFIGURED)
    stale = stale_claim_seconds(config)
    with db.engine.connect() as connection:
        token = claims_take(connection, now=now, stale_before=now - timedelta(seconds=stale),
                            limit=limit)
        if token is None:
            return DeliveryReport()
        return _Run(connection, token=token, now=now, config=config,
                    budget_seconds=stale / 2).send_all()


class _Run:
    """One claimed batch on its way out, on the sender's own connection."""

    def __init__(self, connection: Connection, *, token: str, now: datetime, config: Mapping,
                 budget_seconds: float):
        self.connection, self.token, self.now, self.config = connection, token, now, config
        self.started = time.monotonic()
        self.deadline = self.started + budget_seconds
        self.report = DeliveryReport()

    def send_all(self) -> DeliveryReport:
        rows = claims_rows(self.connection, self.token)
        with SmtpSender(self.config) as smtp:
            for index, row in enumerate(rows):
                if time.monotonic() > self.deadline:
                    claims_release(self.connection, self.token)
                    break
                try:
                    self._send_one(smtp, row)
                except ConnectFailure as failure:
                    self._retry_all(rows[index:], str(failure))
                    break
        return self.report

    def _send_one(self, smtp: SmtpSender, row) -> None:
        sender = self.config["MAIL_DEFAULT_SENDER"]
        try:
            data = wire_bytes(compose(row, sender=sender, date_at=self._clock()))
        except ValueError as error:
            # A header the e-mail format cannot carry (a line break in a subject) never will.
            self._fail(row, str(error))
            return
        try:
            smtp.send(data, envelope_from=envelope_sender(sender), to_address=row.to_address)
        except PermanentFailure as failure:
            self._fail(row, str(failure))
        except ConnectFailure:
            raise
        except TemporaryFailure as failure:
            self._retry(row, str(failure))
        else:
            self._mark_sent(row)

    def _mark_sent(self, row) -> None:
        # The at-least-once window: between the server's 250 above and this commit.
        if not claim_mark_sent(self.connection, token=self.token, message_id=row.id,
                               sent_at=self._clock()):
            log.warning("outbox message %s was sent after its claim was taken over", row.id)
        self.report.sent += 1

    def _fail(self, row, error: str) -> None:
        claim_mark_failed(self.connection, token=self.token, message_id=row.id,
                          attempts=row.attempts + 1, error=error)
        self.report.failed += 1

    def _retry(self, row, error: str) -> None:
        attempts = row.attempts + 1
        if attempts >= int(self.config["MAIL_MAX_ATTEMPTS"]):
            self._fail(row, error)
            return
        base_seconds = float(self.config["MAIL_RETRY_BASE_SECONDS"])
        claim_mark_retry(self.connection, token=self.token, message_id=row.id, attempts=attempts,
                         error=error, next_attempt_at=backoff_at(
                             now=self.now, attempts=attempts, base_seconds=base_seconds))
        self.report.retried += 1

    def _retry_all(self, rows: list, error: str) -> None:
        for row in rows:
            self._retry(row, error)

    def _clock(self) -> datetime:
        # `now` is the sweep's instant (a parameter, for tests); later marks add the time spent.
        return self.now + timedelta(seconds=time.monotonic() - self.started)
