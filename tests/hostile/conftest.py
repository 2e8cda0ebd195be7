"""Shared by the hostile-input tests: hostile values, the world the forms work on, the forms,
and helpers that post a form as a browser would and check that nothing was written.

Every form and filter is driven with hostile input: refused with a 4xx and a clear message next
to the field, never a 500, and nothing written. Valid hostile text is stored verbatim and escaped.
Each case is its own test. "Nothing written" compares every row of every table (audit_event
included) before and after the request, so updates are caught as well as inserts.
"""

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from markupsafe import escape
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.extensions import db
from foia_tracker.records.services import refresh_status
from foia_tracker.users.models import Role, User
from foia_tracker.users.services import invitation_token

from ..conftest import PASSWORD, csrf_token

# --- Hostile values -------------------------------------------------------------------------

HUGE = "x" * 1_000_000          # 1 MB: under the 1 MiB form limit, so the form itself must refuse it
LARGE = "y" * 100_000           # 100 KB
OVERSIZED = "z" * 3_000_000     # over MAX_CONTENT_LENGTH: 413 is the right answer
SCRIPT = "<script>alert(1)</script>"
HTML = '<img src=x onerror="alert(1)"><b>bold</b>'
SQL = "'; DROP TABLE agency; --"
UNICODE = "\u202eRTL\u200f · 🕵️‍♀️ emoji · e\u0301\u0302 combining · 漢字"
NUL = "before\x00after"
CONTROL = "bell\x07escape\x1b"

REQUIRED = "This field is required."
CONTROL_CHARACTERS = "Remove the control characters from this field."
NOT_A_CHOICE = "Not a valid choice."
NOT_COERCIBLE = "Invalid Choice: could not coerce."
NOT_A_DATE = "Not a valid date value."
BAD_EMAIL = "Enter a valid e-mail address."
PASSWORD_LENGTH = "Use at least 12 characters (at most 200)."
CSRF_MESSAGE = "The form was missing its security token"


def too_long(limit: int) -> str:
    return f"Field cannot be longer than {limit} characters."


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


# --- Helpers --------------------------------------------------------------------------------


def database_rows() -> dict[str, list[str]]:
    """Return every row of every table, on a connection of its own (what is committed)."""
    with db.engine.connect() as connection:
        return {table.name: sorted(repr(tuple(row)) for row in connection.execute(select(table)))
                for table in db.metadata.sorted_tables}


def assert_nothing_written(before: dict, *, except_tables: tuple = ()) -> None:
    after = database_rows()
    changed = [name for name in before if name not in except_tables and before[name] != after[name]]
    assert not changed, f"rows were written to {changed} although the input was refused"


class _FormFields(HTMLParser):
    """Collect the fields, with their current values, of the form that posts to `action`."""

    def __init__(self, page_path: str, action: str):
        super().__init__()
        self.page_path, self.action = page_path, action
        self.fields: dict[str, str] = {}
        self._inside = False
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            target = a.get("action") or self.page_path
            self._inside = a.get("method", "get").lower() == "post" and target == self.action
        elif not self._inside or "name" not in a and tag != "option":
            return
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.fields.setdefault(a["name"], a.get("value") or "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in self.fields or "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(client, page_path: str, action: str) -> dict[str, str]:
    """Return the fields of the form on `page_path` that posts to `action`, as a browser would
    submit them untouched (CSRF token included)."""
    response = client.get(page_path)
    assert response.status_code == 200, f"GET {page_path}: {response.status_code}"
    parser = _FormFields(page_path, action)
    parser.feed(response.text)
    assert "csrf_token" in parser.fields, f"no form posting to {action} on {page_path}"
    return parser.fields


def post_form(client, path: str, data: dict, *, form_page: str | None = None, token: bool = True,
              token_page: str | None = None):
    """POST a form as a browser would: every field of the page's form (so fields added later
    get their defaults) with `data` on top and the page's CSRF token; without the token when
    token=False; with only the CSRF token of `token_page` when the form is not on a page the
    user can see. Return the response and the database rows before it."""
    if token_page:
        values = {**data, "csrf_token": csrf_token(client, token_page)}
    elif token:
        values = {**form_fields(client, form_page or path, path), **data}
    else:
        values = dict(data)
    before = database_rows()
    response = client.post(path, data=values)
    # A request's session ends with it; keep the test's own session from holding stale state.
    db.session.rollback()
    return response, before


def field_errors(response, field: str) -> list[str]:
    """Return the error messages shown next to a field (rendered as <p id="FIELD-error">)."""
    pattern = rf'<p class="error" id="{re.escape(field)}-error">(.*?)</p>'
    return [unescape(message) for message in re.findall(pattern, response.text, re.S)]


def assert_refused(response, before: dict, *, status: int, field: str | None, message: str | None,
                   except_tables: tuple = ()) -> None:
    assert response.status_code == status, \
        f"expected {status}, got {response.status_code}: {heading(response)}"
    if field is not None:
        errors = field_errors(response, field)
        assert any(message in error for error in errors), \
            f"expected {message!r} next to {field}, found {errors}"
    elif message is not None:
        assert message in unescape(response.text), f"expected {message!r} on the page"
    assert_nothing_written(before, except_tables=except_tables)


def assert_escaped(response, value: str) -> None:
    """The value appears HTML-escaped, and never as live markup."""
    assert str(escape(value)) in response.text
    if "<" in value:
        assert value not in response.text
    assert "<script>alert(1)" not in response.text


def heading(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", response.text, re.S)
    return match.group(1).strip() if match else response.text[:200]


def text_cases(field: str, limit: int, *, required: bool = True, status: int = 400) -> list[tuple]:
    """The standard hostile values for a bounded text field: (case id, value, message)."""
    cases = [
        (f"{field}-1MB", HUGE, too_long(limit)),
        (f"{field}-nul", NUL, CONTROL_CHARACTERS),
        (f"{field}-control", CONTROL, CONTROL_CHARACTERS),
    ]
    if limit < len(LARGE):
        cases.append((f"{field}-100KB", LARGE, too_long(limit)))
    if required:
        cases += [(f"{field}-empty", "", REQUIRED), (f"{field}-blank", " \t\r\n ", REQUIRED)]
    return [(case_id, {field: value}, field, message, status) for case_id, value, message in cases]


# --- The world the forms work on ------------------------------------------------------------


@dataclass
class World:
    admin_id: int
    editor_id: int
    viewer_id: int
    invited_id: int
    outsider_id: int
    agency_id: int
    other_agency_id: int
    request_id: int
    acknowledgment_id: int
    outsider_request_id: int
    outsider_communication_id: int
    invitation: str


@functools.cache
def _password_hash() -> str:
    return generate_password_hash(PASSWORD)


def _user(organisation, email: str, role: Role, *, password: bool = True) -> User:
    """Add a user; the password hash is computed once per run, which keeps setup fast."""
    user = User(organisation=organisation, email=email, name=email.split("@")[0].capitalize(),
                role=role, password_hash=_password_hash() if password else None)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def world(app, make_organisation, make_agency, make_request):
    """Organisation A (admin, editor, viewer, an invited user, a sent and acknowledged request)
    and organisation B with a user and a request of its own."""
    home = make_organisation(name="ACLU of Oregon", code="OR")
    elsewhere = make_organisation(name="ACLU of Elsewhere", code="EL")
    admin = _user(home, "admin@example.org", Role.admin)
    editor = _user(home, "editor@example.org", Role.editor)
    viewer = _user(home, "viewer@example.org", Role.viewer)
    invited = _user(home, "invited@example.org", Role.editor, password=False)
    outsider = _user(elsewhere, "outsider@example.org", Role.admin)
    agency = make_agency(name="Washington County Sheriff's Office")
    other_agency = make_agency(name="Portland Police Bureau")
    request = make_request(admin, agency=agency, sent_on=date.today() - timedelta(days=10))
    acknowledgment = Communication(direction=Direction.received, kind=Kind.acknowledgment,
                                   occurred_on=date.today() - timedelta(days=5),
                                   summary="Acknowledged", created_by=admin)
    request.communications.append(acknowledgment)
    refresh_status(request)
    db.session.commit()
    outsider_request = make_request(outsider, agency=agency, sent_on=date.today() - timedelta(days=3))
    return World(
        admin_id=admin.id, editor_id=editor.id, viewer_id=viewer.id, invited_id=invited.id,
        outsider_id=outsider.id, agency_id=agency.id, other_agency_id=other_agency.id,
        request_id=request.id, acknowledgment_id=acknowledgment.id,
        outsider_request_id=outsider_request.id,
        outsider_communication_id=outsider_request.communications[0].id,
        invitation=invitation_token(invited, app.config["SECRET_KEY"]),
    )


@pytest.fixture
def as_admin(world, login):
    login(db.session.get(User, world.admin_id))
    return world


@pytest.fixture
def as_viewer(world, login):
    login(db.session.get(User, world.viewer_id))
    return world


# --- The forms: where they post, where their token comes from, a valid submission -----------


@dataclass(frozen=True)
class Form:
    path: callable
    baseline: callable
    form_page: callable = None

    def page(self, w: World) -> str:
        return self.form_page(w) if self.form_page else self.path(w)


def request_values(w: World, **changes) -> dict:
    values = {
        "agency_id": str(w.agency_id), "title": "Drone policies", "body": "All drone policies.",
        "technologies": "Drones", "other_tags": "budget, training", "sent_on": day(-4),
        "channel": "email", "received_on": day(-3), "tracking_numbers": "R-1\nR-2",
        "assignee_id": str(w.admin_id),
    }
    values.update(changes)
    return values


FORMS = {
    "agency-new": Form(
        path=lambda w: "/agencies/new",
        baseline=lambda w: {
            "name": "Multnomah County Sheriff", "jurisdiction": "OR", "level": "county",
            "kind": "sheriff", "records_officer": "Pat Records", "email": "records@example.org",
            "portal_url": "https://example.org/records", "postal_address": "1 Main St",
            "notes": ""}),
    "agency-edit": Form(
        path=lambda w: f"/agencies/{w.agency_id}/edit",
        baseline=lambda w: {
            "name": "Washington County Sheriff", "jurisdiction": "OR", "level": "county",
            "kind": "sheriff", "records_officer": "", "email": "", "portal_url": "",
            "postal_address": "", "notes": "Renamed"}),
    "request-new": Form(path=lambda w: "/requests/new", baseline=request_values),
    "request-edit": Form(
        path=lambda w: f"/requests/{w.request_id}/edit",
        baseline=lambda w: request_values(w, sent_on=day(-10), received_on=day(-9),
                                           title="Drone policies (edited)")),
    "communication-new": Form(
        path=lambda w: f"/requests/{w.request_id}/communications/",
        form_page=lambda w: f"/requests/{w.request_id}",
        baseline=lambda w: {"kind": "note", "direction": "received", "occurred_on": day(-1),
                            "summary": "Phone call with the records officer", "body": ""}),
    "communication-edit": Form(
        path=lambda w: f"/requests/{w.request_id}/communications/{w.acknowledgment_id}/edit",
        baseline=lambda w: {"kind": "acknowledgment", "direction": "received",
                            "occurred_on": day(-5), "summary": "Acknowledged (corrected)",
                            "body": "Dear requester"}),
    "invite": Form(
        path=lambda w: "/admin/users/invite", form_page=lambda w: "/admin/users",
        baseline=lambda w: {"name": "New Colleague", "email": "new@example.org", "role": "editor"}),
    "user-edit": Form(
        path=lambda w: f"/admin/users/{w.editor_id}",
        baseline=lambda w: {"name": "Edited Name", "role": "viewer", "is_active": "y"}),
    "user-edit-self": Form(
        path=lambda w: f"/admin/users/{w.admin_id}",
        baseline=lambda w: {"name": "Renamed Admin", "role": "admin", "is_active": "y"}),
    "settings": Form(path=lambda w: "/admin/settings",
                     baseline=lambda w: {"name": "ACLU of Somewhere"}),
    "invitation": Form(
        path=lambda w: f"/invitation/{w.invitation}",
        baseline=lambda w: {"password": "a brand new password", "confirm": "a brand new password"}),
}


def cases(form: str, rows: list[tuple]) -> list:
    """Turn (case id, overrides, field, message, status) rows into parametrized test cases."""
    return [pytest.param(form, overrides, field, message, status, id=f"{form}:{case_id}")
            for case_id, overrides, field, message, status in rows]


def oversized(field: str) -> tuple:
    return ("3MB-body", {field: OVERSIZED}, None, None, 413)


def assert_form_case_refused(client, world: World, form: str, overrides: dict, field, message,
                             status: int) -> None:
    """Post a form's valid values with hostile overrides on top: refused, and nothing written."""
    spec = FORMS[form]
    data = {**spec.baseline(world), **overrides}
    response, before = post_form(client, spec.path(world), data, form_page=spec.page(world))
    assert_refused(response, before, status=status, field=field, message=message)


# --- Shared by several areas ---------------------------------------------------------------

SETUP_BASELINE = {
    "organisation_name": "ACLU of Oregon", "organisation_code": "OR", "admin_name": "Ada Admin",
    "admin_email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD,
}

GARBAGE_BUT_HARMLESS = [
    pytest.param({"q": SQL}, id="q-sql"),
    pytest.param({"q": SCRIPT}, id="q-script"),
    pytest.param({"q": HTML}, id="q-html"),
    pytest.param({"q": UNICODE}, id="q-unicode"),
    pytest.param({"q": "%"}, id="q-percent"),
    pytest.param({"q": "_\\"}, id="q-underscore-backslash"),
    pytest.param({"page": "abc"}, id="page-letters"),
    pytest.param({"page": "-5"}, id="page-negative"),
    pytest.param({"page": "0"}, id="page-zero"),
    pytest.param({"per_page": "9" * 30}, id="per-page-huge"),
    pytest.param({"per_page": "-1"}, id="per-page-negative"),
    pytest.param({"unknown": "x", "page": "2"}, id="unknown-arg"),
]

VERBATIM = [pytest.param(v, id=i) for i, v in
            [("script", SCRIPT), ("html", HTML), ("sql", SQL), ("unicode", UNICODE)]]


def saved(response) -> str:
    assert response.status_code == 302, heading(response)
    return response.headers["Location"]
