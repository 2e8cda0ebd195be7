"""Bulk inserts in batches, timed per table, and the load's database settings."""

import time
from collections import defaultdict

from foia_tracker.extensions import db

from .settings import BATCH

class Loader:
    """Bulk inserts in batches on one connection, timed per table."""

    def __init__(self, connection, log):
        self.connection = connection
        self.log = log
        self.rows: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)

    def insert(self, table, rows: list[dict]) -> None:
        started = time.perf_counter()
        for start in range(0, len(rows), BATCH):
            self.connection.execute(table.insert(), rows[start:start + BATCH])
        self.seconds[table.name] += time.perf_counter() - started
        self.rows[table.name] += len(rows)

    def report(self, name: str) -> None:
        seconds = self.seconds[name]
        rate = self.rows[name] / seconds if seconds else 0
        self.log(f"generate {name} rows={self.rows[name]} seconds={seconds:.1f} "
                 f"rows_per_second={rate:.0f}")


def fast_sqlite(connection) -> None:
    # A bulk load that fails is simply run again: durability would only slow it down.
    for pragma in ("PRAGMA synchronous=OFF", "PRAGMA journal_mode=MEMORY",
                   "PRAGMA cache_size=-262144", "PRAGMA temp_store=MEMORY"):
        connection.exec_driver_sql(pragma)


def reset_sequences(connection) -> None:
    """Move PostgreSQL's id sequences past the ids the generator chose."""
    preparer = connection.dialect.identifier_preparer
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            name = preparer.quote(table.name)
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)")
