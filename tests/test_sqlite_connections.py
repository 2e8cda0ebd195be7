"""The embedded SQLite database: readers go on while another process writes, commits are durable."""

import sqlite3

import pytest
from sqlalchemy import make_url

from foia_tracker.extensions import db


@pytest.fixture
def sqlite_path(app):
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        pytest.skip("PostgreSQL: the SQLite connection settings do not apply")
    return url.database


def test_every_connection_uses_the_write_ahead_log_with_full_sync(app, sqlite_path):
    with app.app_context():
        connection = db.session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() > 0


def test_a_page_reads_while_another_process_commits(app, client, sqlite_path, make_user, login):
    login(make_user())
    # Another process (the scheduler, say) holding the database as it does while committing: in
    # SQLite's rollback journal that locks every reader out; with the log they read on.
    other = sqlite3.connect(sqlite_path, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert client.get("/requests/").status_code == 200
    finally:
        other.execute("ROLLBACK")
        other.close()
