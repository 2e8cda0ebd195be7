"""The sweep as a job: queue what is due, then deliver the outbox after the commit."""

from dataclasses import dataclass
from datetime import datetime, timezone

from flask import Flask

from .sweep import SweepReport, alerts_sweep


@dataclass
class JobResult:
    sweep: SweepReport
    delivery: object


def run_alerts(app: Flask, *, now: datetime | None = None) -> JobResult:
    """Run one sweep as if at `now` (default: the current instant) and deliver the outbox."""
    from ..mail.delivery import outbox_deliver

    now = now or datetime.now(timezone.utc)
    with app.app_context():
        sweep = alerts_sweep(now=now)
        # Delivery follows the commit so a rolled-back change never sends mail.
        delivery = outbox_deliver(now=now, config=app.config)
    return JobResult(sweep, delivery)
