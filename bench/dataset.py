"""Bulk-load a synthetic data set for the benchmarks (plain inserts, deterministic from a seed)."""

import os
import random
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from foia_tracker import create_app
from foia_tracker.agencies.models import Agency
from foia_tracker.communications.models import Communication
from foia_tracker.deadlines.jurisdictions import JURISDICTIONS
from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.models import RecordsRequest
from foia_tracker.users.models import User

NOW = datetime.now(timezone.utc)


@contextmanager
def bench_database():
    """Yield inside an app context on an empty schema: BENCH_DATABASE_URL, else a temporary SQLite file."""
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    with create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"}).app_context():
        db.drop_all()
        db.create_all()
        try:
            yield
        finally:
            db.session.rollback()
            db.drop_all()


def load_requests(count: int, *, first_sent_on: date, span_days: int, users: int = 0,
                  seed: int = 42) -> None:
    """Insert one organisation, 500 agencies, `users` users and `count` acknowledged requests."""
    rng = random.Random(seed)
    db.session.execute(insert(Organisation), [{"id": 1, "name": "Bench", "code": "BN",
                                               "followup_policy_days": 10, "created_at": NOW}])
    codes = list(JURISDICTIONS)
    db.session.execute(insert(Agency), [
        {"id": n, "name": f"Agency {n}", "jurisdiction": codes[n % len(codes)], "level": "city",
         "kind": "police", "records_officer": "", "email": "", "portal_url": "",
         "postal_address": "", "notes": "", "created_at": NOW} for n in range(1, 501)])
    if users:
        password_hash = generate_password_hash("bench password 1234")
        db.session.execute(insert(User), [
            {"id": n, "organisation_id": 1, "email": f"user{n}@bench.example", "name": f"User {n}",
             "role": "editor", "password_hash": password_hash, "is_active_account": True,
             "timezone": "America/Los_Angeles", "digest_hour": 8, "lead_business_days": 3,
             "is_email_enabled": True, "created_at": NOW} for n in range(1, users + 1)])
    requests, communications = [], []
    for n in range(1, count + 1):
        sent_on = first_sent_on + timedelta(days=rng.randrange(span_days))
        requests.append({"id": n, "organisation_id": 1, "year": sent_on.year, "number": n,
                         "agency_id": rng.randrange(1, 501), "title": f"Request {n}", "body": "x",
                         "sent_on": sent_on, "received_on": sent_on, "channel": "portal",
                         "status": "acknowledged", "deadlines": {}, "created_at": NOW,
                         "updated_at": NOW, "assignee_id": (n % users) + 1 if users else None})
        communications.append({"request_id": n, "direction": "sent", "kind": "request_sent",
                               "occurred_on": sent_on, "summary": "sent", "body": "", "created_at": NOW})
        communications.append({"request_id": n, "direction": "received", "kind": "acknowledgment",
                               "occurred_on": sent_on + timedelta(days=2), "summary": "ack",
                               "body": "", "created_at": NOW})
    for start in range(0, len(requests), 10_000):
        db.session.execute(insert(RecordsRequest), requests[start:start + 10_000])
    for start in range(0, len(communications), 20_000):
        db.session.execute(insert(Communication), communications[start:start + 20_000])
    db.session.commit()
