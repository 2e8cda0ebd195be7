"""The staging sweep: the command and the daily job remove what crashes left, never a live file."""

import os
import time

from foia_tracker.alerts.scheduler import STAGING_SWEEP_JOB_ID, build_scheduler

from .conftest import staged_leftovers

DAY = 24 * 3600


def leave(staging, name: str, age_seconds: float):
    """Leave a staged file as a crash would, last written age_seconds ago."""
    staging.mkdir(parents=True, exist_ok=True)
    path = staging / name
    path.write_bytes(b"%PDF-1.7 half an upload")
    then = time.time() - age_seconds
    os.utime(path, (then, then))
    return path


def test_the_command_removes_staged_files_older_than_a_day_only(runner, staging):
    leave(staging, "upload-crashed", DAY + 60)
    leave(staging, "export-crashed.zip", 3 * DAY)
    young = leave(staging, "upload-live", 60)
    result = runner.invoke(args=["clean-staging"])
    assert result.exit_code == 0
    assert result.output == "Removed 2 staged files older than 24 hours.\n"
    assert staged_leftovers(staging) == [young]


def test_the_command_takes_another_threshold(runner, staging):
    leave(staging, "upload-crashed", 3 * 3600)
    young = leave(staging, "upload-live", 60)
    result = runner.invoke(args=["clean-staging", "--older-than-hours", "2"])
    assert result.output == "Removed 1 staged file older than 2 hours.\n"
    assert staged_leftovers(staging) == [young]


def test_a_negative_threshold_is_refused(runner, staging):
    leave(staging, "upload-live", 60)
    result = runner.invoke(args=["clean-staging", "--older-than-hours", "-1"])
    assert result.exit_code == 2 and "--older-than-hours" in result.output
    assert len(staged_leftovers(staging)) == 1


def test_the_scheduler_sweeps_staging_daily_with_a_fixed_id(app, staging):
    leave(staging, "upload-crashed", DAY + 60)
    young = leave(staging, "upload-live", 60)
    scheduler = build_scheduler(app, blocking=False)
    job = scheduler.get_job(STAGING_SWEEP_JOB_ID)
    assert job is not None and job.id == "clean-staging"
    assert job.trigger.interval.total_seconds() == DAY
    assert job.max_instances == 1 and job.coalesce is True
    assert job.func(*job.args) == 1
    assert staged_leftovers(staging) == [young]

