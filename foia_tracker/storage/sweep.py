"""The staging sweep: remove what crashed uploads and exports left in the staging folder."""

from flask import Flask

from . import document_store
from .staging import STAGING_MAX_AGE_HOURS


def staging_sweep(*, older_than_hours: float = STAGING_MAX_AGE_HOURS) -> int:
    """Remove staged files older than the threshold; return how many were removed."""
    # A live upload or export writes its staged file now and then; the threshold leaves any
    # such file alone, however slow its client.
    return document_store().clean_staging(older_than_hours * 3600)


def run_staging_sweep(app: Flask) -> int:
    """Sweep the staging folder in the app's context (the scheduler's daily job)."""
    with app.app_context():
        return staging_sweep()
