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
from urllib.parse import quote_plus

import pytest
from cryptography.fernet import Fernet
from flask import current_app
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.extensions import db
from foia_tracker.records.services import refresh_status
from foia_tracker.users.models import Role, User
from foia_tracker.users.services import invitation_token
from foia_tracker.web.date_field import WRONG_FORMAT

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
NOT_A_DATE = WRONG_FORMAT
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


# --- Every POST route: objects for every URL parameter, hostile values by field kind ---------


@dataclass
class Objects:
    """One object of each kind a POST route can name, all in the home organisation."""

    world: World
    document_id: int
    item_id: int
    letter_id: int
    followup_id: int
    closure_id: int
    agency_suggestion_id: int
    closure_suggestion_id: int
    message_id: int
    operator_id: int
    mailbox_id: int
    campaigns: dict
    #: A received e-mail waiting in the inbox, and one filed with its kind unconfirmed.
    mail_id: int = 0
    filing_id: int = 0


def _campaigns(world: World, item_ids: list[int]) -> dict:
    """Campaigns the home organisation leads, has joined, and is invited to; a shared item."""
    from foia_tracker.campaigns.models import Campaign, CampaignMember, CampaignShare
    from foia_tracker.campaigns.services import (campaign_create, campaign_invite,
                                                 invitation_answer, request_link)
    from foia_tracker.campaigns.sharing import evidence_share
    from foia_tracker.coalition_letters.services import campaign_letter_create
    from foia_tracker.evidence.models import EvidenceItem
    from foia_tracker.orgs.models import Organisation
    from foia_tracker.records.models import RecordsRequest

    admin = db.session.get(User, world.admin_id)
    outsider = db.session.get(User, world.outsider_id)
    values = {"description": "", "technologies": "", "started_on": date(2018, 5, 1)}
    led = campaign_create(organisation_id=admin.organisation_id, actor=admin,
                          values={"title": "Led", **values})
    found = {"led": led.id}
    for name in ("joined", "invited"):
        campaign = campaign_create(organisation_id=outsider.organisation_id, actor=outsider,
                                   values={"title": name.capitalize(), **values})
        campaign_invite(campaign=campaign, organisation_code=admin.organisation.code,
                        actor=outsider)
        found[name] = campaign.id
    invitation_answer(membership=db.session.get(
        CampaignMember, (found["joined"], admin.organisation_id)), accept=True)
    # A member of the led campaign besides its lead, so the lead's admin sees a "Remove" form.
    member = Organisation(name="ACLU of Idaho", code="ID")
    db.session.add(member)
    campaign_invite(campaign=led, organisation_code="ID", actor=admin)
    invitation_answer(membership=db.session.get(CampaignMember, (led.id, member.id)), accept=True)
    found["member_organisation"] = member.id
    request_link(campaign=led, request=db.session.get(RecordsRequest, world.request_id),
                 actor=admin)
    evidence_share(campaign=db.session.get(Campaign, led.id),
                   items=[db.session.get(EvidenceItem, item_ids[0])], actor=admin)
    found["share"] = db.session.scalar(select(func.max(CampaignShare.id)))
    found["letter"] = campaign_letter_create(campaign=db.session.get(Campaign, led.id), actor=admin,
                                             values={"title": "Stop", "addressee": "",
                                                     "letter_date": date(2018, 6, 1), "body": "",
                                                     "signatories": ""}).id
    return found


@pytest.fixture
def every_object(world, make_request, make_document) -> Objects:
    """The world, plus a document, evidence item, letter, follow-up, closure day, suggestions of
    each kind, a failed outbox message and an operator."""
    from foia_tracker.closures.models import Closure
    from foia_tracker.evidence.models import EvidenceItem
    from foia_tracker.followups.models import FollowUp
    from foia_tracker.followups.services import followups_schedule
    from foia_tracker.letters.models import Letter
    from foia_tracker.mail.models import MailStatus, OutboxMessage
    from foia_tracker.mailboxes.models import Mailbox
    from foia_tracker.mailboxes.sealing import seal
    from foia_tracker.ocr.status import OcrStatus
    from foia_tracker.records.models import RecordsRequest
    from foia_tracker.stewardship.models import AgencyChangeSuggestion, ClosureSuggestion

    from ..conftest import AGENCY_TODAY
    from ..files import make_pdf

    admin = db.session.get(User, world.admin_id)
    request = db.session.get(RecordsRequest, world.request_id)
    document = make_document(request, make_pdf(["Contract", "Invoice"]), page_count=2, user=admin)
    # "Run OCR again" is offered once OCR has settled; without a run of the OCR job the
    # document would wait, whatever the database, and the form under test would be missing.
    document.ocr_status = OcrStatus.not_needed
    overdue = make_request(admin, agency=request.agency, sent_on=AGENCY_TODAY - timedelta(days=60))
    followups_schedule(today=AGENCY_TODAY)
    operator = _user(admin.organisation, "operator@example.org", Role.admin)
    operator.is_operator = True
    # The mailbox pages offer their forms only once a key seals the passwords.
    current_app.config["MAILBOX_KEY"] = Fernet.generate_key().decode()
    rows = {
        "item": EvidenceItem(organisation_id=admin.organisation_id, document_id=document.id,
                             page_from=1, page_to=2, description="A purchase."),
        "letter": Letter(organisation_id=admin.organisation_id, title="Stop buying drones",
                         letter_date=AGENCY_TODAY, body=""),
        "closure": Closure(jurisdiction="OR", closed_on=AGENCY_TODAY - timedelta(days=30),
                           name="Storm"),
        "agency_suggestion": AgencyChangeSuggestion(
            agency=request.agency, organisation_id=admin.organisation_id,
            suggested_by_id=world.editor_id, old_values={"email": ""},
            new_values={"email": "records@example.org"}),
        "closure_suggestion": ClosureSuggestion(
            organisation_id=admin.organisation_id, suggested_by_id=world.admin_id,
            jurisdiction="OR", closed_on=AGENCY_TODAY - timedelta(days=20), name="Flood"),
        "message": OutboxMessage(idempotency_key="hostile-1", organisation_id=admin.organisation_id,
                                 kind="alert", to_address="admin@example.org", subject="Due",
                                 text_body="Due", html_body="<p>Due</p>", status=MailStatus.failed),
        "mailbox": Mailbox(organisation_id=admin.organisation_id, name="Records inbox",
                           host="imap.example.org", port=993, username="records@example.org",
                           secret_sealed=seal(current_app.config, "app password")),
    }
    db.session.add_all(rows.values())
    unshared = EvidenceItem(organisation_id=admin.organisation_id, document_id=document.id,
                            page_from=2, description="Not shared yet.")
    db.session.add(unshared)
    db.session.commit()
    campaigns = _campaigns(world, [rows["item"].id, unshared.id])
    followup = db.session.scalars(select(FollowUp).where(FollowUp.request_id == overdue.id)).first()
    assert followup is not None, "the overdue request got no follow-up"
    return Objects(world=world, document_id=document.id, followup_id=followup.id,
                   operator_id=operator.id, campaigns=campaigns, **_mail(request),
                   **{f"{name}_id": row.id for name, row in rows.items()})


def _mail(request) -> dict:
    """Receive two e-mails: one that waits in the inbox, one filed on the request."""
    from foia_tracker.mail_intake.filing import receive_message
    from foia_tracker.mail_intake.models import MailFiling

    def mail(to: str, subject: str) -> bytes:
        return (f"From: clerk@elsewhere.example\nTo: {to}\nSubject: {subject}\n"
                f"Message-ID: <{subject.replace(' ', '-')}@elsewhere.example>\n\nHello.\n").encode()

    organisation = request.organisation
    waiting = receive_message(organisation, mail("records@example.org", "Hello"), via="pipe")
    filed = receive_message(organisation, mail(f"records+{request.reference}@example.org",
                                               "Your request"), via="pipe")
    filing = db.session.scalar(select(MailFiling).where(
        MailFiling.communication_id == filed.communication_id))
    return {"mail_id": waiting.intake_message_id, "filing_id": filing.id}


#: How to fill each URL parameter of a POST route. A new parameter name makes the test fail
#: until it is added here (and its object to every_object).
URL_PARAMETERS = {
    "request_id": lambda o, p: o.world.request_id,
    "communication_id": lambda o, p: o.world.acknowledgment_id,
    "agency_id": lambda o, p: o.world.agency_id,
    "user_id": lambda o, p: o.world.editor_id,
    "token": lambda o, p: o.world.invitation,
    "document_id": lambda o, p: o.document_id,
    "number": lambda o, p: 1,  # a page of the document
    "item_id": lambda o, p: o.item_id,
    "letter_id": lambda o, p: (o.campaigns["letter"] if p["endpoint"].startswith("coalition_letters.")
                               else o.letter_id),
    "followup_id": lambda o, p: o.followup_id,
    "closure_id": lambda o, p: o.closure_id,
    "message_id": lambda o, p: o.message_id,
    "mailbox_id": lambda o, p: o.mailbox_id,
    "mail_id": lambda o, p: o.mail_id,
    "filing_id": lambda o, p: o.filing_id,
    "suggestion_id": lambda o, p: getattr(o, f"{p['kind']}_suggestion_id"),
    # The home organisation leads one campaign, has joined another and is invited to a third:
    # answering needs the invitation, leaving the joined one, the rest the one it leads.
    "campaign_id": lambda o, p: o.campaigns[CAMPAIGN_OF_ENDPOINT.get(p["endpoint"], "led")],
    "share_id": lambda o, p: o.campaigns["share"],
    "organisation_id": lambda o, p: o.campaigns["member_organisation"],
}
CAMPAIGN_OF_ENDPOINT = {"campaigns.accept": "invited", "campaigns.decline": "invited",
                        "campaigns.leave": "joined"}
#: Parameters with a fixed set of values (werkzeug `any` converters): every value is covered.
URL_CHOICES = {"kind": ("agency", "closure"), "action": ("reject", "accept")}


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart body."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class Hostile:
    """A hostile value; `strict` ones must be refused by a field of a strict kind."""

    name: str
    value: object  # a str, a tuple of str (the field sent several times) or an Upload
    strict: bool = False


SURROGATE = "\ud800"  # cannot be UTF-8: sent as the raw bytes %ED%A0%80
_EVERYWHERE = [
    Hostile("nul", NUL, strict=True),
    Hostile("surrogate", f"a{SURROGATE}b"),
    Hostile("1MB", HUGE),
    Hostile("list", ("first", "second")),
    Hostile("file", Upload("hostile.txt", b"a file where text belongs")),
]
_DATES = [Hostile(v, v, strict=True) for v in ("2024-02-30", "0000-01-01", "10000-01-01", "-1")] \
    + [Hostile("9999-12-31", "9999-12-31")]
_NUMBERS = [Hostile(n, v, strict=True) for n, v in
            (("huge-int", "9" * 400), ("NaN", "NaN"), ("inf", "inf"), ("-inf", "-inf"))] \
    + [Hostile("-1", "-1")]
_CHOICES = [Hostile(n, v, strict=True) for n, v in
            (("huge-int", "9" * 400), ("-1", "-1"), ("NaN", "NaN"))]

#: Field kinds whose strict values must be refused; other kinds (free text, passwords,
#: checkboxes, hidden fields) may accept them, but never with a 500.
STRICT_KINDS = {"date", "number", "select", "radio", "text"}


def hostile_values(kind: str) -> list[Hostile]:
    """Return the hostile values for a field of an HTML input kind."""
    extra = {"date": _DATES, "datetime-local": _DATES, "month": _DATES, "number": _NUMBERS,
             "select": _CHOICES, "radio": _CHOICES}.get(kind, [])
    return extra + _EVERYWHERE


@dataclass
class HtmlForm:
    """A form on a page: its action, its fields as a browser submits them, their kinds, and the
    values of its named submit buttons."""

    action: str
    pairs: list = None
    kinds: dict = None
    buttons: list = None

    def __post_init__(self):
        self.pairs, self.kinds, self.buttons = [], {}, []


class _Forms(HTMLParser):
    """Collect every POST form of a page."""

    def __init__(self, page_path: str):
        super().__init__()
        self.page_path, self.forms = page_path, []
        self._form = self._select = self._textarea = None
        self._select_options = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            is_post = a.get("method", "get").lower() == "post"
            self._form = HtmlForm(a.get("action") or self.page_path) if is_post else None
            if self._form:
                self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button") and a.get("type", "submit" if tag == "button" else "text") \
                in ("submit", "image"):
            if a.get("name"):
                self._form.buttons.append((a["name"], a.get("value") or ""))
        elif tag == "input" and a.get("name") and a.get("type") != "button":
            # A date is a text box marked data-iso-date (the app writes dates as YYYY-MM-DD,
            # not in the browser's locale): it still gets the hostile dates.
            kind = "date" if "data-iso-date" in a else a.get("type", "text")
            self._form.kinds.setdefault(a["name"], kind)
            if kind not in ("checkbox", "radio", "file") or "checked" in a:
                self._form.pairs.append((a["name"], a.get("value") or ""))
        elif tag == "select" and a.get("name"):
            self._select, self._select_options = a["name"], []
            self._form.kinds[a["name"]] = "select"
        elif tag == "option" and self._select:
            self._select_options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self._form.kinds[a["name"]] = "textarea"

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select and self._form:
            chosen = [v for v, selected in self._select_options if selected] or \
                [v for v, _ in self._select_options[:1]]
            self._form.pairs += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea and self._form:
            # A browser drops the newline that follows <textarea>.
            self._form.pairs.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def page_forms(html: str, page_path: str) -> list[HtmlForm]:
    """Return the POST forms of a page."""
    parser = _Forms(page_path)
    parser.feed(html)
    return parser.forms


def encode_body(pairs: list) -> tuple[bytes, str]:
    """Encode (name, value) pairs as a browser would, lone surrogates as their raw bytes (which
    no browser sends but any client can); multipart when a value is an Upload."""
    def raw(text: str) -> bytes:
        return text.encode("utf-8", "surrogatepass")

    if not any(isinstance(value, Upload) for _, value in pairs):
        body = "&".join(f"{quote_plus(raw(name))}={quote_plus(raw(value))}" for name, value in pairs)
        return body.encode("ascii"), "application/x-www-form-urlencoded"
    boundary = "hostile-boundary-6f2c1e"
    parts = []
    for name, value in pairs:
        if isinstance(value, Upload):
            head = (f'Content-Disposition: form-data; name="{name}"; filename="{value.filename}"'
                    "\r\nContent-Type: application/octet-stream")
            content = value.data
        else:
            head, content = f'Content-Disposition: form-data; name="{name}"', raw(value)
        parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), \
        f"multipart/form-data; boundary={boundary}"
