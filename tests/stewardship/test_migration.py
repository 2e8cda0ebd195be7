"""Migration 0012 assigns each existing agency to the organisation that created or alone uses it."""

from datetime import date, datetime, timezone

from flask_migrate import upgrade
from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, MetaData, Numeric, insert, select

from foia_tracker import create_app
from foia_tracker.extensions import db

BEFORE = "0011_drop_data_version"


def test_the_backfill_gives_agencies_their_creator_or_sole_user(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    with app.app_context():
        _reset()
        try:
            upgrade(revision=BEFORE)
            rows = _fill()
            upgrade(revision="0012_reference_stewards")
            reflected = MetaData()
            reflected.reflect(db.engine, only=["agency"])
            agency = reflected.tables["agency"]
            with db.engine.connect() as connection:
                got = {name: creator for name, creator in connection.execute(
                    select(agency.c.name, agency.c.created_by_organisation_id))}
            assert got == rows
        finally:
            # Leave the schema as the other tests expect it on a shared server database.
            _reset()
            db.create_all()
            db.engine.dispose()


def _reset():
    db.drop_all()
    with db.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def _fill() -> dict:
    """Write organisations, agencies, requests and audit events; return the expected creators."""
    meta = MetaData()
    meta.reflect(db.engine)
    with db.engine.begin() as connection:
        def add(table_name: str, **values) -> int:
            table = meta.tables[table_name]
            row = {c.name: _value(c) for c in table.columns
                   if not c.nullable and c.server_default is None and not c.primary_key}
            return connection.execute(insert(table).values({**row, **values})
                                      .returning(table.c.id)).scalar_one()

        one = add("organisation", name="One", code="ONE")
        two = add("organisation", name="Two", code="TWO")
        created = {name: add("agency", name=name, jurisdiction="OR")
                   for name in ("audited", "alone", "shared", "unused")}
        # The audit says Two created it, though only One has requests with it.
        add("audit_event", organisation_id=two, action="created", object_type="Agency",
            object_id=created["audited"], object_label="audited", changes={})
        for agency, organisation in (("audited", one), ("alone", one), ("alone", one),
                                     ("shared", one), ("shared", two)):
            add("records_request", organisation_id=organisation, agency_id=created[agency])
    return {"audited": two, "alone": one, "shared": None, "unused": None}


_counter = iter(range(1, 1_000_000))


def _value(column):
    kind = column.type
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, (Integer, Numeric)):
        return next(_counter)
    if isinstance(kind, DateTime):
        return datetime(2026, 1, 1, tzinfo=timezone.utc)
    if isinstance(kind, Date):
        return date(2026, 1, 1)
    if isinstance(kind, JSON):
        return {}
    return f"x{next(_counter)}"
