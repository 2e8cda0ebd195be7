"""How every connection to the embedded SQLite database is set up.

The web workers, the scheduler and the CLI are separate processes on one database file, so:
- the write-ahead log lets pages be read while another process commits (in SQLite's default
  rollback journal a commit locks every reader out, and a reader can hold up a commit);
- commits stay fully synchronous: `synchronous=FULL` syncs the log at every commit, so a
  committed evidence row survives a power cut (NORMAL, the usual WAL speed-up, may lose the
  last commits);
- reads are memory-mapped: each write by another process empties every connection's page
  cache, and a mapped page is read again without a copy or a system call.
"""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

#: How much of the database file a connection may map to read it (SQLite caps it at its own
#: compile-time limit, and reads past it the ordinary way).
MMAP_BYTES = 256 * 1024 * 1024

def configure_engine(engine: Engine) -> None:
    """Set up each new connection of a SQLite engine; other databases are left as they are."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_connection)


def _configure_connection(dbapi_connection, _connection_record) -> None:
    cursor = dbapi_connection.cursor()
    try:
        _use_write_ahead_log(cursor)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
    finally:
        cursor.close()


def _use_write_ahead_log(cursor) -> None:
    # The mode is kept in the file: once one process has switched it, the others find it set.
    # Processes starting together may race to switch it; the loser carries on and finds it set
    # on its next connection. An in-memory database answers "memory": it has no log to keep.
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass
