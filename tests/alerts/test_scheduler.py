"""The scheduler: one job with a fixed id, never started by the app factory."""

import threading

from foia_tracker import create_app
from foia_tracker.alerts.scheduler import JOB_ID, build_scheduler


def test_creating_the_app_starts_no_scheduler(database_url):
    before = set(threading.enumerate())
    create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    assert set(threading.enumerate()) == before


def test_the_sweep_is_one_job_with_a_fixed_id_however_often_it_is_added(app):
    pending = build_scheduler(app, blocking=False).get_job(JOB_ID)
    assert pending.max_instances == 1 and pending.coalesce is True
    scheduler = build_scheduler(app, blocking=False)
    scheduler.start(paused=True)
    try:
        scheduler.add_job(lambda: None, "interval", minutes=5, id=JOB_ID, replace_existing=True)
        [job] = [job for job in scheduler.get_jobs() if job.id == JOB_ID]
    finally:
        scheduler.shutdown(wait=False)
    assert job.id == JOB_ID
