"""Fixtures: a fresh app and database per test, factories that return callables."""

import contextvars
import os
import re
import smtplib

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from foia_tracker import create_app
from foia_tracker.agencies.models import Agency, AgencyKind, Level
from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.models import Channel
from foia_tracker.records.services import request_create
from foia_tracker.users.models import Role, User
from foia_tracker.web.dates import local_today

#: The jurisdiction of the agencies make_agency makes unless told otherwise.
DEFAULT_JURISDICTION = "OR"
#: Today where that agency is. Forms refuse dates after the agency's own today, which for
#: hours each night (UTC) is the day before the machine's date.
AGENCY_TODAY = local_today(DEFAULT_JURISDICTION)

PASSWORD = "correct horse battery staple"
_schema_ready: set[str] = set()


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own app context, as in production.

    Without this a request reuses the test's app context, sharing `g` (Flask-Login's user cache)
    and the database session with the test, which hides bugs.
    """

    def open(self, *args, **kwargs):
        # Read and close every response at once, as a browser does: a streamed export left
        # unread keeps its database cursor until the garbage collector closes it, after the
        # test's database is gone (CPython 3.11 then raised a SystemError in a later test).
        kwargs.setdefault("buffered", True)
        return contextvars.Context().run(FlaskClient.open, self, *args, **kwargs)


@pytest.fixture
def database_url(tmp_path):
    """Return the test database: TEST_DATABASE_URL (PostgreSQL in CI) or a fresh SQLite file."""
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def documents_backend() -> str:
    """The document store of the test's app: the folder, unless its folder runs both stores."""
    return "folder"


def on_both_stores(metafunc) -> None:
    """Run each app test on the folder store and on the S3 store (a folder's pytest hook).

    A test that looks at the folder itself (it asks for `documents_path`) runs on the folder.
    """
    if "documents_backend" in metafunc.fixturenames:
        both = "documents_path" not in metafunc.fixturenames
        metafunc.parametrize("documents_backend", ["folder", "s3"] if both else ["folder"])


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """Start an S3-compatible server (moto) on 127.0.0.1 once per run; return its URL.

    Dummy credentials for boto3 come from the environment, as real ones would; the user's own
    ~/.aws files and the cloud's metadata service are kept out of the tests.
    """
    from .s3 import moto_server

    with pytest.MonkeyPatch.context() as patch, moto_server(tmp_path_factory.mktemp("moto")) as url:
        for name, value in S3_TEST_ENVIRONMENT.items():
            patch.setenv(name, value)
        yield url


#: What boto3 reads in the tests: fake keys only, nothing from the machine's own AWS setup.
S3_TEST_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials"}


@pytest.fixture
def documents_config(request, documents_backend, tmp_path) -> dict:
    """The app's document settings: a folder, or a bucket of its own on the test S3 server."""
    config = {"DOCUMENTS_PATH": str(tmp_path / "instance" / "documents"),
              "DOCUMENTS_STAGING_PATH": str(tmp_path / "instance" / "staging")}
    if documents_backend == "s3":
        from .s3 import new_bucket

        endpoint = request.getfixturevalue("s3_server")
        config.update(DOCUMENTS_URL=f"s3://{new_bucket(endpoint)}/evidence",
                      S3_ENDPOINT_URL=endpoint, S3_REGION="us-east-1")
    return config


@pytest.fixture
def app(database_url, tmp_path, documents_config):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        **documents_config,
    })
    app.instance_path = str(tmp_path / "instance")
    app.test_client_class = IsolatedClient
    with app.app_context():
        _fresh_schema(database_url)
        yield app
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


def _fresh_schema(url: str) -> None:
    # A shared server database gets its schema once per run and is emptied after each test;
    # SQLite gets a new file per test.
    if url not in _schema_ready:
        db.drop_all()
        db.create_all()
        if not url.startswith("sqlite"):
            _schema_ready.add(url)


def _empty_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(autouse=True)
def no_real_mail(monkeypatch):
    """Fail any test that tries to reach a mail server other than one it started itself."""
    real_init = smtplib.SMTP.__init__

    def guarded(self, host="", port=0, *args, **kwargs):
        if host and host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"test tried to send mail through {host}")
        real_init(self, host, port, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "__init__", guarded)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_organisation(app):
    counter = iter(range(1, 10_000))

    def make(name=None, code=None) -> Organisation:
        n = next(counter)
        organisation = Organisation(name=name or f"Affiliate {n}", code=code or f"AF{n}")
        db.session.add(organisation)
        db.session.commit()
        return organisation

    return make


@pytest.fixture
def make_user(app, make_organisation):
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.editor, organisation=None, email=None, password=PASSWORD) -> User:
        n = next(counter)
        user = User(organisation=organisation or make_organisation(),
                    email=email or f"user{n}@example.org", name=f"User {n}", role=role)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def make_agency(app):
    counter = iter(range(1, 10_000))

    def make(name=None, jurisdiction=DEFAULT_JURISDICTION, **values) -> Agency:
        agency = Agency(name=name or f"Agency {next(counter)}", jurisdiction=jurisdiction,
                        level=values.pop("level", Level.county),
                        kind=values.pop("kind", AgencyKind.sheriff), **values)
        db.session.add(agency)
        db.session.commit()
        return agency

    return make


@pytest.fixture
def make_request(app, make_agency):
    def make(user: User, agency=None, **values):
        defaults = {
            "agency_id": (agency or make_agency()).id, "title": "Face recognition contracts",
            "body": "All contracts with face recognition vendors.", "tags": ["Face recognition"],
            "sent_on": None, "channel": None, "received_on": None, "tracking_numbers": [],
            "assignee_id": user.id,
        }
        defaults.update(values)
        if defaults["sent_on"] and defaults["channel"] is None:
            defaults["channel"] = Channel.email
        if defaults["sent_on"] and defaults["received_on"] is None:
            defaults["received_on"] = defaults["sent_on"]
        return request_create(organisation_id=user.organisation_id, actor=user, values=defaults)

    return make


@pytest.fixture
def login(client):
    """Log the client in as a user, going through the real login form."""

    def do(user: User, password: str = PASSWORD):
        response = client.post("/login", data={
            "email": user.email, "password": password, "csrf_token": csrf_token(client, "/login")})
        assert response.status_code == 302, response.text
        return user

    return do


def csrf_token(client, path: str) -> str:
    """Fetch a page and return the CSRF token of its form."""
    page = client.get(path)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


@pytest.fixture
def count_queries(app):
    """Return a context manager that counts the SQL statements run inside it."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def make_document(app):
    """Store real bytes as a document of a request, as an upload would, without the web form.

    Text extraction is left pending, as after a real upload.
    """
    from sqlalchemy import func, select

    from foia_tracker.documents.models import Document
    from foia_tracker.storage import document_store

    def make(records_request, data: bytes, name="release.pdf", media_type="application/pdf",
             page_count=None, communication=None, user=None) -> Document:
        store = document_store()
        staged = store.stage()
        staged.write(data)
        sha256 = store.keep(staged)
        sequence = (db.session.scalar(select(func.max(Document.sequence)).where(
            Document.request_id == records_request.id)) or 0) + 1
        document = Document(
            organisation_id=records_request.organisation_id, request_id=records_request.id,
            communication_id=communication.id if communication else None, sequence=sequence,
            exhibit_number=f"{records_request.reference}-{sequence:03d}", original_name=name,
            sha256=sha256, size_bytes=len(data), media_type=media_type, page_count=page_count,
            uploaded_by_id=user.id if user else None)
        db.session.add(document)
        db.session.commit()
        return document

    return make
