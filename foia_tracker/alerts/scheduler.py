"""APScheduler set-up: alerts, text extraction, the staging sweep; never started by create_app."""

from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from ..documents.extraction import run_extraction
from ..mailboxes.jobs import run_mailbox_polls
from ..ocr.worker import run_ocr
from ..storage.sweep import run_staging_sweep
from .jobs import run_alerts

JOB_ID = "alerts-sweep"
EXTRACTION_JOB_ID = "extract-documents"
OCR_JOB_ID = "ocr-documents"
STAGING_SWEEP_JOB_ID = "clean-staging"
MAILBOX_JOB_ID = "poll-mailboxes"
#: Digests go out at the user's local hour; a few minutes late is fine.
INTERVAL_MINUTES = 5


def build_scheduler(app: Flask, *, blocking: bool):
    """Return a scheduler with the alert, extraction and staging jobs; the caller starts it."""
    scheduler = BlockingScheduler(timezone="UTC") if blocking else BackgroundScheduler(timezone="UTC")
    # A fixed id with replace_existing keeps one job however often this runs; coalescing and one
    # instance mean a slow sweep is never run twice at once by the same scheduler.
    scheduler.add_job(run_alerts, "interval", minutes=INTERVAL_MINUTES, args=[app], id=JOB_ID,
                      replace_existing=True, coalesce=True, max_instances=1,
                      next_run_time=datetime.now(timezone.utc))
    # Uploads only queue their text; this job reads it out, off the request thread.
    scheduler.add_job(run_extraction, "interval",
                      seconds=app.config["EXTRACTION_INTERVAL_SECONDS"], args=[app],
                      id=EXTRACTION_JOB_ID, replace_existing=True, coalesce=True,
                      max_instances=1, next_run_time=datetime.now(timezone.utc))
    # OCR after extraction, in its own job: a long scan never delays other documents' text.
    scheduler.add_job(run_ocr, "interval", seconds=app.config["OCR_INTERVAL_SECONDS"],
                      args=[app], id=OCR_JOB_ID, replace_existing=True, coalesce=True,
                      max_instances=1, next_run_time=datetime.now(timezone.utc))
    # Crashed uploads and exports leave staged files; once a day is enough for the disk.
    scheduler.add_job(run_staging_sweep, "interval", days=1, args=[app],
                      id=STAGING_SWEEP_JOB_ID, replace_existing=True, coalesce=True,
                      max_instances=1, next_run_time=datetime.now(timezone.utc))
    # Agency replies in connected mailboxes; the job does nothing while no key is configured.
    scheduler.add_job(run_mailbox_polls, "interval",
                      seconds=app.config["MAILBOX_POLL_INTERVAL_SECONDS"], args=[app],
                      id=MAILBOX_JOB_ID, replace_existing=True, coalesce=True,
                      max_instances=1, next_run_time=datetime.now(timezone.utc))
    return scheduler
