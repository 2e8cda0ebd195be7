"""Command-line commands, migrations and configuration."""

import os
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import func, inspect, select

from foia_tracker import create_app
from foia_tracker.communications.status import Status
from foia_tracker.config import instance_secret_key, normalise_database_uri
from foia_tracker.documents.fulltext import include_name
from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.models import RecordsRequest
from foia_tracker.users.models import Role, User

from .conftest import csrf_token


def test_seed_demo_loads_the_campaign_and_prints_a_working_login_once(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    email = re.search(r"e-mail:\s+(\S+)", result.output).group(1)
    password = re.search(r"password:\s+(\S+)", result.output).group(1)
    names = set(db.session.scalars(select(Organisation.code)))
    assert names == {"CA", "FL", "MA", "OR", "WA"}
    statuses = set(db.session.scalars(select(RecordsRequest.status)))
    assert {Status.extended, Status.partially_released, Status.completed, Status.denied} <= statuses
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 302
    assert "Washington County Sheriff" in client.get("/requests/").text


def test_seed_demo_refuses_a_database_with_data(runner, make_organisation):
    make_organisation()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "empty database only" in result.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_create_organisation_prints_an_invitation_for_its_admin(runner, client):
    result = runner.invoke(args=["create-organisation", "--name", "ACLU of Florida", "--code", "fl",
                                 "--admin-name", "Fay", "--admin-email", "fay@example.org"])
    assert result.exit_code == 0, result.output
    link = re.search(r"http://127\.0\.0\.1:5000(/invitation/\S+)", result.output).group(1)
    admin = db.session.scalar(select(User))
    assert admin.role is Role.admin and admin.password_hash is None
    assert "Choose a password" in client.get(link).text


def test_create_organisation_refuses_a_bad_code(runner):
    result = runner.invoke(args=["create-organisation", "--name", "X", "--code", "1!",
                                 "--admin-name", "A", "--admin-email", "a@example.org"])
    assert result.exit_code != 0 and "letters or digits" in result.output


def test_migrations_build_exactly_the_models_schema(database_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection, opts={"include_name": include_name}), db.metadata)
        assert diff == []
        assert "records_request" in inspect(db.engine).get_table_names()
        # Leave the schema as the other tests expect it on a shared server database.
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE alembic_version")
        db.create_all()
        db.engine.dispose()


def test_a_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    first = instance_secret_key(str(tmp_path))
    assert len(first) == 64 and instance_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_configure_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("FOIA_DATABASE_URL", "postgresql://foia@db.example/foia")
    monkeypatch.setenv("FOIA_SECRET_KEY", "from-env")
    monkeypatch.setenv("FOIA_PER_PAGE", "25")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://foia@db.example/foia"
    assert app.config["SECRET_KEY"] == "from-env" and app.config["PER_PAGE"] == 25


def test_the_default_database_is_sqlite_in_the_instance_folder(monkeypatch):
    for key in [k for k in os.environ if k.startswith("FOIA_")]:
        monkeypatch.delenv(key)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(
        Path(app.instance_path) / "foia_tracker.sqlite")


@pytest.mark.parametrize("given, expected", [
    ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ("sqlite:///x.sqlite", "sqlite:///x.sqlite"),
])
def test_database_urls_use_the_installed_driver(given, expected):
    assert normalise_database_uri(given) == expected


def test_seed_demo_has_deadlines_overdue_due_today_and_due_soon(runner):
    from datetime import date, timedelta

    from foia_tracker.deadlines import business_calendar

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    today = date.today()
    due = [d for d in db.session.scalars(select(RecordsRequest.next_due_on)) if d is not None]
    assert any(d < today for d in due)
    # Nothing can be due on a day Oregon's offices are closed (the demo may run on a holiday).
    first_open_day = business_calendar("OR").roll_forward(today)
    assert first_open_day in due
    assert any(first_open_day < d <= first_open_day + timedelta(days=5) for d in due)
    watched = db.session.scalars(select(RecordsRequest)).first().watchers
    assert watched and watched[0].email.endswith(".demo.example")
    from foia_tracker.followups.models import FollowUp

    assert db.session.scalar(select(func.count()).select_from(FollowUp)) > 0
