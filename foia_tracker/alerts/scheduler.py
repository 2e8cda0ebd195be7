"""APScheduler set-up: one sweep job with a fixed id, never started by the app factory."""

from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from .jobs import run_alerts

JOB_ID = "alerts-sweep"
#: Digests go out at the user's local hour; a few minutes late is fine.
INTERVAL_MINUTES = 5


def build_scheduler(app: Flask, *, blocking: bool):
    """Return a scheduler with the sweep job; the caller starts it."""
    scheduler = BlockingScheduler(timezone="UTC") if blocking else BackgroundScheduler(timezone="UTC")
    # A fixed id with replace_existing keeps one job however often this runs; coalescing and one
    # instance mean a slow sweep is never run twice at once by the same scheduler.
    scheduler.add_job(run_alerts, "interval", minutes=INTERVAL_MINUTES, args=[app], id=JOB_ID,
                      replace_existing=True, coalesce=True, max_instances=1,
                      next_run_time=datetime.now(timezone.utc))
    return scheduler
