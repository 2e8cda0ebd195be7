"""Every form and filter driven with hostile input: refused with a 4xx and a clear message next to
the field, never a 500, and nothing written. Valid hostile text is stored verbatim and escaped.

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

from foia_tracker.agencies.models import Agency
from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.extensions import db
from foia_tracker.orgs.forms import CODE_RULE
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.forms import UNKNOWN_AGENCY
from foia_tracker.records.models import RecordsRequest
from foia_tracker.records.services import refresh_status
from foia_tracker.users.models import Role, User
from foia_tracker.users.services import invitation_token

from .conftest import PASSWORD, csrf_token

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
        f"expected {status}, got {response.status_code}: {_heading(response)}"
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


def _heading(response) -> str:
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


def _request_values(w: World, **changes) -> dict:
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
    "request-new": Form(path=lambda w: "/requests/new", baseline=_request_values),
    "request-edit": Form(
        path=lambda w: f"/requests/{w.request_id}/edit",
        baseline=lambda w: _request_values(w, sent_on=day(-10), received_on=day(-9),
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


def _cases(form: str, rows: list[tuple]) -> list:
    """Turn (case id, overrides, field, message, status) rows into parametrized test cases."""
    return [pytest.param(form, overrides, field, message, status, id=f"{form}:{case_id}")
            for case_id, overrides, field, message, status in rows]


def _oversized(field: str) -> tuple:
    return ("3MB-body", {field: OVERSIZED}, None, None, 413)


AGENCY_CASES = [
    *text_cases("name", 200),
    *text_cases("records_officer", 200, required=False),
    *text_cases("postal_address", 1000, required=False),
    *text_cases("notes", 10000, required=False),
    ("jurisdiction-unknown", {"jurisdiction": "ZZ"}, "jurisdiction", NOT_A_CHOICE, 400),
    ("jurisdiction-empty", {"jurisdiction": ""}, "jurisdiction", NOT_A_CHOICE, 400),
    ("jurisdiction-name", {"jurisdiction": "Oregon"}, "jurisdiction", NOT_A_CHOICE, 400),
    ("jurisdiction-sql", {"jurisdiction": SQL}, "jurisdiction", NOT_A_CHOICE, 400),
    ("level-unknown", {"level": "galactic"}, "level", NOT_A_CHOICE, 400),
    ("level-label", {"level": "County"}, "level", NOT_A_CHOICE, 400),
    ("level-dunder", {"level": "__class__"}, "level", NOT_A_CHOICE, 400),
    ("kind-unknown", {"kind": "secret_police"}, "kind", NOT_A_CHOICE, 400),
    ("kind-empty", {"kind": ""}, "kind", NOT_A_CHOICE, 400),
    ("email-invalid", {"email": "records at example"}, "email", BAD_EMAIL, 400),
    ("email-script", {"email": SCRIPT}, "email", BAD_EMAIL, 400),
    ("email-nul", {"email": "records\x00@example.org"}, "email", BAD_EMAIL, 400),
    ("email-1MB", {"email": HUGE}, "email", too_long(254), 400),
    ("portal-javascript", {"portal_url": "javascript:alert(1)"}, "portal_url",
     "Enter a full web address starting with https://.", 400),
    ("portal-javascript-slashes", {"portal_url": "javascript://example.org/%0Aalert(1)"},
     "portal_url", "Only http:// and https:// addresses are accepted.", 400),
    ("portal-ftp", {"portal_url": "ftp://example.org/records"}, "portal_url",
     "Only http:// and https:// addresses are accepted.", 400),
    ("portal-nul", {"portal_url": "https://example.org/\x00records"}, "portal_url",
     CONTROL_CHARACTERS, 400),
    ("portal-1MB", {"portal_url": "https://example.org/" + HUGE}, "portal_url", too_long(500), 400),
    _oversized("notes"),
]

REQUEST_CASES = [
    *text_cases("title", 200),
    *text_cases("body", 50000),
    *text_cases("other_tags", 1000, required=False),
    *text_cases("tracking_numbers", 1100, required=False),
    ("agency-letters", {"agency_id": "abc"}, "agency_id", NOT_COERCIBLE, 400),
    ("agency-empty", {"agency_id": ""}, "agency_id", NOT_COERCIBLE, 400),
    ("agency-unknown-id", {"agency_id": "999999"}, "agency_id", NOT_A_CHOICE, 400),
    ("agency-negative", {"agency_id": "-1"}, "agency_id", NOT_A_CHOICE, 400),
    ("agency-huge-int", {"agency_id": "9" * 40}, "agency_id", NOT_A_CHOICE, 400),
    ("agency-sql", {"agency_id": "1 OR 1=1"}, "agency_id", NOT_COERCIBLE, 400),
    ("technology-unknown", {"technologies": "Mind reading"}, "technologies",
     "'Mind reading' is not a valid choice for this field.", 400),
    ("tags-too-many", {"other_tags": ",".join(f"tag{n}" for n in range(25))}, "other_tags",
     "Use at most 20 tags.", 400),
    ("tag-too-long", {"other_tags": "t" * 61}, "other_tags",
     "Each tag can have at most 60 characters.", 400),
    ("tracking-too-many", {"tracking_numbers": "\n".join(f"N-{n}" for n in range(11))},
     "tracking_numbers", "Enter at most 10 tracking numbers.", 400),
    ("tracking-too-long", {"tracking_numbers": "N" * 101}, "tracking_numbers",
     "Each tracking number can have at most 100 characters.", 400),
    ("sent-letters", {"sent_on": "last tuesday"}, "sent_on", NOT_A_DATE, 400),
    ("sent-impossible", {"sent_on": "2024-02-30"}, "sent_on", NOT_A_DATE, 400),
    ("sent-us-format", {"sent_on": "03/04/2024"}, "sent_on", NOT_A_DATE, 400),
    ("sent-sql", {"sent_on": SQL}, "sent_on", NOT_A_DATE, 400),
    ("sent-nul", {"sent_on": "2024-01-01\x00"}, "sent_on", NOT_A_DATE, 400),
    ("sent-future", {"sent_on": day(30), "received_on": ""}, "sent_on",
     "The date sent cannot be in the future.", 400),
    ("sent-far-future", {"sent_on": "9999-12-31", "received_on": ""}, "sent_on",
     "The date sent cannot be in the future.", 400),
    ("channel-unknown", {"channel": "carrier_pigeon"}, "channel", NOT_A_CHOICE, 400),
    ("channel-missing", {"channel": ""}, "channel", "Say how the request was sent.", 400),
    ("received-before-sent", {"received_on": day(-6)}, "received_on",
     "The agency cannot have received it before it was sent.", 400),
    ("received-without-sent", {"sent_on": "", "channel": ""}, "received_on",
     "Enter the date sent first.", 400),
    ("received-future", {"received_on": day(30)}, "received_on",
     "The date received cannot be in the future.", 400),
    ("received-letters", {"received_on": "soon"}, "received_on", NOT_A_DATE, 400),
    ("assignee-letters", {"assignee_id": "abc"}, "assignee_id", NOT_COERCIBLE, 400),
    ("assignee-unknown", {"assignee_id": "999999"}, "assignee_id", NOT_A_CHOICE, 400),
    _oversized("body"),
]

COMMUNICATION_CASES = [
    *text_cases("summary", 300),
    *text_cases("body", 200000, required=False),
    ("kind-unknown", {"kind": "bribe"}, "kind", NOT_A_CHOICE, 400),
    ("kind-empty", {"kind": ""}, "kind", NOT_A_CHOICE, 400),
    ("kind-label", {"kind": "Note"}, "kind", NOT_A_CHOICE, 400),
    ("kind-dunder", {"kind": "__class__"}, "kind", NOT_A_CHOICE, 400),
    ("direction-unknown", {"direction": "sideways"}, "direction", NOT_A_CHOICE, 400),
    ("direction-unknown-for-directed-kind", {"kind": "denial", "direction": "sideways"},
     "direction", NOT_A_CHOICE, 400),
    ("direction-wrong", {"kind": "denial", "direction": "sent"}, "direction",
     "A “Denial” is always received, not sent.", 400),
    ("date-empty", {"occurred_on": ""}, "occurred_on", "Enter the date.", 400),
    ("date-letters", {"occurred_on": "yesterday"}, "occurred_on", NOT_A_DATE, 400),
    ("date-impossible", {"occurred_on": "2025-13-01"}, "occurred_on", NOT_A_DATE, 400),
    ("date-sql", {"occurred_on": SQL}, "occurred_on", NOT_A_DATE, 400),
    ("date-future", {"occurred_on": day(30)}, "occurred_on",
     "The date cannot be in the future.", 400),
    _oversized("body"),
]

INVITE_CASES = [
    *text_cases("name", 120),
    ("email-empty", {"email": ""}, "email", REQUIRED, 400),
    ("email-invalid", {"email": "new colleague"}, "email", BAD_EMAIL, 400),
    ("email-script", {"email": SCRIPT}, "email", BAD_EMAIL, 400),
    ("email-sql", {"email": SQL}, "email", BAD_EMAIL, 400),
    ("email-nul", {"email": "new\x00@example.org"}, "email", BAD_EMAIL, 400),
    ("email-1MB", {"email": HUGE}, "email", too_long(254), 400),
    ("email-taken-other-case", {"email": " ADMIN@Example.org "}, "email",
     "This e-mail already has an account.", 400),
    ("email-taken-other-organisation", {"email": "outsider@example.org"}, "email",
     "This e-mail already has an account.", 400),
    ("role-unknown", {"role": "superuser"}, "role", NOT_A_CHOICE, 400),
    ("role-label", {"role": "Admin"}, "role", NOT_A_CHOICE, 400),
    ("role-empty", {"role": ""}, "role", NOT_A_CHOICE, 400),
    _oversized("name"),
]

USER_EDIT_CASES = [
    *text_cases("name", 120),
    ("role-unknown", {"role": "owner"}, "role", NOT_A_CHOICE, 400),
    ("role-empty", {"role": ""}, "role", NOT_A_CHOICE, 400),
    _oversized("name"),
]

SELF_EDIT_CASES = [
    ("demote-self", {"role": "viewer"}, "role",
     "You cannot remove your own admin role or deactivate yourself.", 400),
    ("deactivate-self", {"is_active": ""}, "role",
     "You cannot remove your own admin role or deactivate yourself.", 400),
]

SETTINGS_CASES = [
    *text_cases("name", 200),
    ("name-of-other-organisation", {"name": "ACLU of Elsewhere"}, "name",
     "Another organisation has this name.", 400),
    _oversized("name"),
]

INVITATION_CASES = [
    ("password-empty", {"password": "", "confirm": ""}, "password", REQUIRED, 400),
    ("password-short", {"password": "short", "confirm": "short"}, "password", PASSWORD_LENGTH, 400),
    ("password-1MB", {"password": HUGE, "confirm": HUGE}, "password", PASSWORD_LENGTH, 400),
    ("confirm-differs", {"confirm": "a different password"}, "confirm",
     "The two passwords differ.", 400),
    ("confirm-empty", {"confirm": ""}, "confirm", REQUIRED, 400),
    _oversized("password"),
]

FORM_CASES = [
    *_cases("agency-new", AGENCY_CASES),
    *_cases("agency-edit", AGENCY_CASES + [
        ("name-of-another-agency", {"name": "Portland Police Bureau"}, "name",
         "Portland Police Bureau (Oregon) is already listed.", 400),
    ]),
    *_cases("request-new", REQUEST_CASES),
    *_cases("request-edit", [row for row in REQUEST_CASES if not row[0].startswith("received-before")] + [
        ("received-before-sent", {"received_on": day(-11)}, "received_on",
         "The agency cannot have received it before it was sent.", 400),
    ]),
    *_cases("communication-new", COMMUNICATION_CASES + [
        ("acknowledgment-before-sending", {"kind": "acknowledgment", "occurred_on": day(-12)},
         "kind", "cannot be logged while the request is “Draft”", 409),
        ("second-request-sent", {"kind": "request_sent", "direction": "sent"}, "kind",
         "This request already has a “Request sent” entry", 409),
    ]),
    *_cases("communication-edit", COMMUNICATION_CASES + [
        ("moved-before-sending", {"occurred_on": day(-12)}, "kind",
         "cannot be logged while the request is “Draft”", 400),
        ("becomes-second-request-sent", {"kind": "request_sent", "direction": "sent"}, "kind",
         "This request already has a “Request sent” entry", 400),
    ]),
    *_cases("invite", INVITE_CASES),
    *_cases("user-edit", USER_EDIT_CASES),
    *_cases("user-edit-self", SELF_EDIT_CASES),
    *_cases("settings", SETTINGS_CASES),
    *_cases("invitation", INVITATION_CASES),
]


@pytest.mark.parametrize("form", FORMS)
def test_baseline_submission_is_accepted(client, as_admin, form):
    """The valid values each hostile case starts from are accepted, so a refusal is the case's."""
    spec = FORMS[form]
    response, _ = post_form(client, spec.path(as_admin), spec.baseline(as_admin),
                            form_page=spec.page(as_admin))
    assert response.status_code == 302, _heading(response)


@pytest.mark.parametrize("form, overrides, field, message, status", FORM_CASES)
def test_hostile_form_input_is_refused(client, as_admin, form, overrides, field, message, status):
    spec = FORMS[form]
    data = {**spec.baseline(as_admin), **overrides}
    response, before = post_form(client, spec.path(as_admin), data, form_page=spec.page(as_admin))
    assert_refused(response, before, status=status, field=field, message=message)


def test_request_edit_refused_by_the_timeline_saves_nothing(client, as_admin):
    """Clearing the date sent of an acknowledged request would break its timeline: 409."""
    data = _request_values(as_admin, sent_on="", channel="", received_on="")
    response, before = post_form(client, f"/requests/{as_admin.request_id}/edit", data)
    assert_refused(response, before, status=409, field=None,
                   message="Not saved: A “Acknowledgment” cannot be logged")


def test_assignee_from_another_organisation_is_refused(client, as_admin):
    data = _request_values(as_admin, assignee_id=str(as_admin.outsider_id))
    response, before = post_form(client, "/requests/new", data)
    assert_refused(response, before, status=400, field="assignee_id", message=NOT_A_CHOICE)


# --- Objects of another organisation, or that do not exist: 404 and nothing written ---------

FOREIGN_POSTS = [
    pytest.param(lambda w: f"/requests/{w.outsider_request_id}/edit", "request-edit",
                 id="edit-other-organisations-request"),
    pytest.param(lambda w: f"/requests/{w.outsider_request_id}/communications/",
                 "communication-new", id="log-on-other-organisations-request"),
    pytest.param(lambda w: f"/requests/{w.request_id}/communications/"
                           f"{w.outsider_communication_id}/edit",
                 "communication-edit", id="edit-other-requests-communication"),
    pytest.param(lambda w: f"/requests/{w.outsider_request_id}/communications/"
                           f"{w.outsider_communication_id}/delete",
                 "communication-edit", id="delete-other-organisations-communication"),
    pytest.param(lambda w: f"/admin/users/{w.outsider_id}", "user-edit",
                 id="edit-other-organisations-user"),
    pytest.param(lambda w: "/agencies/999999/edit", "agency-edit", id="edit-missing-agency"),
    pytest.param(lambda w: "/requests/999999/communications/", "communication-new",
                 id="log-on-missing-request"),
]


@pytest.mark.parametrize("path, form", FOREIGN_POSTS)
def test_objects_out_of_reach_are_404(client, as_admin, path, form):
    response, before = post_form(client, path(as_admin), FORMS[form].baseline(as_admin),
                                 token_page="/dashboard")
    assert_refused(response, before, status=404, field=None, message=None)


@pytest.mark.parametrize("path", ["/requests/abc", "/requests/abc/edit", "/agencies/abc/edit",
                                  "/admin/users/abc", "/requests/1e3", "/requests/-1",
                                  "/requests/99999999999999999999999"])
def test_non_numeric_ids_in_urls_are_404(client, as_admin, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("form", [name for name in FORMS if name != "invitation"])
def test_viewer_cannot_post_any_editing_form(client, as_viewer, form):
    spec = FORMS[form]
    response, before = post_form(client, spec.path(as_viewer), spec.baseline(as_viewer),
                                 token_page="/dashboard")
    assert_refused(response, before, status=403, field=None, message="This needs the")


# --- First-run setup and login (no one logged in) -------------------------------------------

SETUP_BASELINE = {
    "organisation_name": "ACLU of Oregon", "organisation_code": "OR", "admin_name": "Ada Admin",
    "admin_email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD,
}
SETUP_CASES = [
    *text_cases("organisation_name", 200),
    *text_cases("admin_name", 120),
    ("code-empty", {"organisation_code": ""}, "organisation_code", REQUIRED, 400),
    ("code-one-letter", {"organisation_code": "O"}, "organisation_code", CODE_RULE, 400),
    ("code-digit-first", {"organisation_code": "1AB"}, "organisation_code", CODE_RULE, 400),
    ("code-too-long", {"organisation_code": "ABCDEFGHI"}, "organisation_code", CODE_RULE, 400),
    ("code-sql", {"organisation_code": SQL}, "organisation_code", CODE_RULE, 400),
    ("code-script", {"organisation_code": "<b>OR</b>"}, "organisation_code", CODE_RULE, 400),
    ("code-accented", {"organisation_code": "ÖR"}, "organisation_code", CODE_RULE, 400),
    ("code-nul", {"organisation_code": "O\x00R"}, "organisation_code", CODE_RULE, 400),
    ("email-empty", {"admin_email": ""}, "admin_email", REQUIRED, 400),
    ("email-invalid", {"admin_email": "ada"}, "admin_email", BAD_EMAIL, 400),
    ("email-script", {"admin_email": SCRIPT}, "admin_email", BAD_EMAIL, 400),
    ("email-nul", {"admin_email": "ada\x00@example.org"}, "admin_email", BAD_EMAIL, 400),
    ("email-1MB", {"admin_email": HUGE}, "admin_email", too_long(254), 400),
    ("password-empty", {"password": "", "confirm": ""}, "password", REQUIRED, 400),
    ("password-short", {"password": "short", "confirm": "short"}, "password", PASSWORD_LENGTH, 400),
    ("password-1MB", {"password": HUGE, "confirm": HUGE}, "password", PASSWORD_LENGTH, 400),
    ("confirm-differs", {"confirm": PASSWORD + "!"}, "confirm", "The two passwords differ.", 400),
    _oversized("organisation_name"),
]


def test_setup_baseline_is_accepted(client):
    response, _ = post_form(client, "/setup", SETUP_BASELINE)
    assert response.status_code == 302


@pytest.mark.parametrize("overrides, field, message, status", [
    pytest.param(overrides, field, message, status, id=case_id)
    for case_id, overrides, field, message, status in SETUP_CASES])
def test_setup_refuses_hostile_input(client, overrides, field, message, status):
    response, before = post_form(client, "/setup", {**SETUP_BASELINE, **overrides})
    assert_refused(response, before, status=status, field=field, message=message)


LOGIN_CASES = [
    ("email-empty", {"email": ""}, "email", REQUIRED, 400),
    ("email-invalid", {"email": "editor"}, "email", BAD_EMAIL, 400),
    ("email-sql", {"email": "' OR '1'='1"}, "email", BAD_EMAIL, 400),
    ("email-sql-comment", {"email": "editor@example.org'--"}, "email", BAD_EMAIL, 400),
    ("email-script", {"email": SCRIPT}, "email", BAD_EMAIL, 400),
    ("email-nul", {"email": "editor@example.org\x00"}, "email", BAD_EMAIL, 400),
    ("email-1MB", {"email": HUGE}, "email", too_long(254), 400),
    ("password-empty", {"password": ""}, "password", REQUIRED, 400),
    ("password-1MB", {"password": HUGE}, "password", too_long(200), 400),
    _oversized("password"),
]


@pytest.mark.parametrize("overrides, field, message, status", [
    pytest.param(overrides, field, message, status, id=case_id)
    for case_id, overrides, field, message, status in LOGIN_CASES])
def test_login_refuses_hostile_input(client, world, overrides, field, message, status):
    data = {"email": "editor@example.org", "password": PASSWORD, **overrides}
    response, before = post_form(client, "/login", data)
    assert_refused(response, before, status=status, field=field, message=message)
    assert client.get("/dashboard").status_code == 302  # still logged out


@pytest.mark.parametrize("password", [SQL, "' OR '1'='1", SCRIPT, UNICODE, NUL, LARGE[:200]])
def test_login_with_hostile_password_fails_and_only_counts_the_attempt(client, world, password):
    response, before = post_form(client, "/login", {"email": "editor@example.org",
                                                    "password": password})
    assert_refused(response, before, status=401, field=None, message="Wrong e-mail or password.",
                   except_tables=("login_attempt",))
    assert len(database_rows()["login_attempt"]) == len(before["login_attempt"]) + 1
    assert client.get("/dashboard").status_code == 302


# --- Invitation links -----------------------------------------------------------------------


@pytest.mark.parametrize("token, message", [
    ("garbage", "This invitation link is not valid."),
    (SQL.replace(" ", ""), "This invitation link is not valid."),
    ("x" * 10_000, "This invitation link is not valid."),
    ("eyJ1c2VyIjogMX0.AAAA.BBBB", "This invitation link is not valid."),
])
def test_invalid_invitation_tokens_are_400(client, world, token, message):
    before = database_rows()
    assert_refused(client.get(f"/invitation/{token}"), before, status=400, field=None,
                   message=message)
    response, before = post_form(client, f"/invitation/{token}",
                                 {"password": PASSWORD, "confirm": PASSWORD}, token_page="/login")
    assert_refused(response, before, status=400, field=None, message=message)


def test_used_invitation_cannot_set_a_password_again(client, world):
    response, _ = post_form(client, f"/invitation/{world.invitation}",
                            {"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
    response, before = post_form(
        client, f"/invitation/{world.invitation}",
        {"password": "an attacker's password", "confirm": "an attacker's password"},
        token_page="/login")
    assert_refused(response, before, status=400, field=None,
                   message="This invitation has already been used or was withdrawn.")


# --- CSRF -----------------------------------------------------------------------------------


@pytest.mark.parametrize("token", [None, "", "forged-token"], ids=["missing", "empty", "forged"])
@pytest.mark.parametrize("form", FORMS)
def test_post_without_valid_csrf_token_is_400(client, as_admin, form, token):
    spec = FORMS[form]
    data = spec.baseline(as_admin)
    if token is not None:
        data["csrf_token"] = token
    response, before = post_form(client, spec.path(as_admin), data, token=False)
    assert_refused(response, before, status=400, field=None, message=CSRF_MESSAGE)


@pytest.mark.parametrize("path", [
    "/logout",
    "/requests/{request_id}/communications/{acknowledgment_id}/delete",
])
def test_other_posts_without_csrf_token_are_400(client, as_admin, path):
    response, before = post_form(client, path.format(**vars(as_admin)), {}, token=False)
    assert_refused(response, before, status=400, field=None, message=CSRF_MESSAGE)
    assert client.get("/dashboard").status_code == 200  # still logged in


@pytest.mark.parametrize("path, data", [
    ("/setup", SETUP_BASELINE),
    ("/login", {"email": "editor@example.org", "password": PASSWORD}),
])
def test_anonymous_posts_without_csrf_token_are_400(client, path, data, request):
    if path == "/login":
        request.getfixturevalue("world")
    response, before = post_form(client, path, data, token=False)
    assert_refused(response, before, status=400, field=None, message=CSRF_MESSAGE)


# --- List filters ---------------------------------------------------------------------------

REQUEST_FILTER_ERRORS = [
    ("status-unknown", {"status": "bogus"}, "status", NOT_A_CHOICE),
    ("status-dunder", {"status": "__class__"}, "status", NOT_A_CHOICE),
    ("status-label", {"status": "Sent"}, "status", NOT_A_CHOICE),
    ("agency-letters", {"agency": "abc"}, "agency", UNKNOWN_AGENCY),
    ("agency-sql", {"agency": "1 OR 1=1"}, "agency", UNKNOWN_AGENCY),
    ("agency-unknown", {"agency": "999999"}, "agency", UNKNOWN_AGENCY),
    ("agency-name-nul", {"agency_name": NUL}, "agency_name", CONTROL_CHARACTERS),
    ("agency-name-long", {"agency_name": "a" * 201}, "agency_name", too_long(200)),
    ("assignee-letters", {"assignee": "me"}, "assignee", NOT_COERCIBLE),
    ("jurisdiction-unknown", {"jurisdiction": "ZZ"}, "jurisdiction", NOT_A_CHOICE),
    ("sort-unknown", {"sort": "password_hash"}, "sort", NOT_A_CHOICE),
    ("sort-sql", {"sort": "title; DROP TABLE agency"}, "sort", NOT_A_CHOICE),
    ("sent-from-letters", {"sent_from": "last year"}, "sent_from", NOT_A_DATE),
    ("sent-from-impossible", {"sent_from": "2024-02-30"}, "sent_from", NOT_A_DATE),
    ("sent-to-before-from", {"sent_from": "2024-06-01", "sent_to": "2024-01-01"}, "sent_to",
     "The end of the range is before its start."),
    ("q-nul", {"q": NUL}, "q", CONTROL_CHARACTERS),
    ("q-control", {"q": CONTROL}, "q", CONTROL_CHARACTERS),
    ("q-100KB", {"q": LARGE}, "q", too_long(200)),
    ("technology-nul", {"technology": NUL}, "technology", CONTROL_CHARACTERS),
    ("technology-long", {"technology": "t" * 61}, "technology", too_long(60)),
]


@pytest.mark.parametrize("args, field, message", [
    pytest.param(args, field, message, id=case_id)
    for case_id, args, field, message in REQUEST_FILTER_ERRORS])
def test_invalid_request_filter_is_400_with_message(client, as_admin, args, field, message):
    before = database_rows()
    response = client.get("/requests/", query_string=args)
    assert_refused(response, before, status=400, field=field, message=message)


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


@pytest.mark.parametrize("path", ["/requests/", "/agencies/"])
def test_a_page_number_past_any_list_is_not_found(client, as_admin, path):
    response = client.get(path, query_string={"page": "9" * 30})
    assert response.status_code == 404 and "There is no such page." in response.text


@pytest.mark.parametrize("args, message", [
    pytest.param({"agency": "-1"}, UNKNOWN_AGENCY, id="agency-negative"),
    pytest.param({"agency": "9" * 30}, UNKNOWN_AGENCY, id="agency-huge-int"),
    pytest.param({"assignee": "9" * 30}, "Invalid Choice", id="assignee-huge-int"),
])
def test_request_list_refuses_ids_no_row_can_have(client, as_admin, args, message):
    response = client.get("/requests/", query_string=args)
    assert response.status_code == 400, _heading(response)
    assert message in unescape(response.text)


@pytest.mark.parametrize("args", GARBAGE_BUT_HARMLESS + [
    pytest.param({"technology": SCRIPT}, id="technology-script"),
    pytest.param({"agency_name": SCRIPT}, id="agency-name-script"),
    pytest.param({"agency_name": SQL}, id="agency-name-sql"),
    pytest.param({"agency_name": "%_"}, id="agency-name-wildcards"),
])
def test_request_list_survives_garbage_query_args(client, as_admin, args):
    response = client.get("/requests/", query_string=args)
    assert response.status_code == 200, _heading(response)
    for value in args.values():
        if "<" in value:
            assert_escaped(response, value)


@pytest.mark.parametrize("args", GARBAGE_BUT_HARMLESS + [
    pytest.param({"q": NUL}, id="q-nul"),
    pytest.param({"q": HUGE}, id="q-1MB"),
    pytest.param({"jurisdiction": SQL}, id="jurisdiction-sql"),
])
def test_agency_list_survives_garbage_query_args(client, as_admin, args):
    response = client.get("/agencies/", query_string=args)
    assert response.status_code < 500, _heading(response)
    if "<" in args.get("q", ""):
        assert_escaped(response, args["q"])


@pytest.mark.parametrize("jurisdiction", ["ZZ", "oregon", SQL])
def test_invalid_agency_filter_is_400_with_message(client, as_admin, jurisdiction):
    response = client.get("/agencies/", query_string={"jurisdiction": jurisdiction})
    assert response.status_code == 400, "an unknown jurisdiction is silently ignored"
    assert 'class="error"' in response.text or "flash-error" in response.text


# --- Valid hostile text: stored verbatim, rendered escaped ----------------------------------

VERBATIM = [pytest.param(v, id=i) for i, v in
            [("script", SCRIPT), ("html", HTML), ("sql", SQL), ("unicode", UNICODE)]]


def _saved(response) -> str:
    assert response.status_code == 302, _heading(response)
    return response.headers["Location"]


@pytest.mark.parametrize("value", VERBATIM)
def test_agency_text_is_stored_verbatim_and_escaped(client, as_admin, value):
    data = {**FORMS["agency-new"].baseline(as_admin), "name": value, "records_officer": value,
            "postal_address": value, "notes": value}
    response, _ = post_form(client, "/agencies/new", data)
    location = _saved(response)
    agency = db.session.scalars(select(Agency).where(Agency.name == value)).one()
    assert (agency.records_officer, agency.postal_address, agency.notes) == (value, value, value)
    assert_escaped(client.get(location), value)
    assert_escaped(client.get("/agencies/"), value)
    # The SQL fragment was data, not code: the agency table is still there.
    assert db.session.scalars(select(Agency).where(Agency.id == as_admin.agency_id)).one()


@pytest.mark.parametrize("value", VERBATIM)
def test_request_text_is_stored_verbatim_and_escaped(client, as_admin, value):
    # Tags and tracking numbers are lists split at commas, semicolons and line ends.
    listed = value if not re.search(r"[,;\n]", value) else "listed"
    data = _request_values(as_admin, title=value, body=value, other_tags=listed,
                           tracking_numbers=listed)
    response, _ = post_form(client, "/requests/new", data)
    location = _saved(response)
    request_id = int(location.rstrip("/").rsplit("/", 1)[1])
    request = db.session.get(RecordsRequest, request_id)
    assert (request.title, request.body) == (value, value)
    assert listed in [t.name for t in request.tags]
    assert [t.value for t in request.tracking_numbers] == [listed]
    for page in (location, "/requests/", "/dashboard", f"/agencies/{as_admin.agency_id}",
                 f"/requests/{request_id}/edit"):
        assert_escaped(client.get(page), value)


@pytest.mark.parametrize("value", VERBATIM)
def test_communication_text_is_stored_verbatim_and_escaped(client, as_admin, value):
    data = {**FORMS["communication-new"].baseline(as_admin), "summary": value, "body": value}
    response, _ = post_form(client, f"/requests/{as_admin.request_id}/communications/", data,
                            form_page=f"/requests/{as_admin.request_id}")
    _saved(response)
    communication = db.session.scalars(
        select(Communication).where(Communication.summary == value)).one()
    assert communication.body == value
    assert_escaped(client.get(f"/requests/{as_admin.request_id}"), value)
    assert_escaped(client.get(
        f"/requests/{as_admin.request_id}/communications/{communication.id}/edit"), value)


@pytest.mark.parametrize("value", VERBATIM)
def test_user_and_organisation_names_are_stored_verbatim_and_escaped(client, as_admin, value):
    response, _ = post_form(client, "/admin/users/invite",
                            {"name": value, "email": "new@example.org", "role": "viewer"},
                            form_page="/admin/users")
    invitation_page = _saved(response)
    assert db.session.scalars(select(User).where(User.email == "new@example.org")).one().name == value
    assert_escaped(client.get(invitation_page), value)
    assert_escaped(client.get("/admin/users"), value)

    response, _ = post_form(client, "/admin/settings", {"name": value})
    _saved(response)
    assert db.session.get(Organisation, db.session.get(User, as_admin.admin_id).organisation_id).name == value
    assert_escaped(client.get("/dashboard"), value)  # the header names the organisation


@pytest.mark.parametrize("value", VERBATIM)
def test_setup_names_are_stored_verbatim_and_escaped(client, value):
    response, _ = post_form(client, "/setup", {**SETUP_BASELINE, "organisation_name": value,
                                               "admin_name": value})
    _saved(response)
    assert db.session.scalars(select(Organisation)).one().name == value
    assert db.session.scalars(select(User)).one().name == value
    assert_escaped(client.get("/dashboard"), value)
