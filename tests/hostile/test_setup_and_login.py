"""First-run setup, login and invitation links, driven with hostile input (no one logged in)."""

import pytest
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.orgs.forms import CODE_RULE
from foia_tracker.orgs.models import Organisation
from foia_tracker.users.models import User

from ..conftest import PASSWORD, csrf_token
from .conftest import (
    BAD_EMAIL, HUGE, LARGE, NUL, PASSWORD_LENGTH, REQUIRED, SCRIPT, SETUP_BASELINE, SQL, UNICODE,
    VERBATIM, assert_escaped, assert_form_case_refused, assert_refused, cases, database_rows,
    oversized, post_form, saved, text_cases, too_long,
)


# --- First-run setup and login (no one logged in) -------------------------------------------

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
    oversized("organisation_name"),
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
    oversized("password"),
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


INVITATION_CASES = [
    ("password-empty", {"password": "", "confirm": ""}, "password", REQUIRED, 400),
    ("password-short", {"password": "short", "confirm": "short"}, "password", PASSWORD_LENGTH, 400),
    ("password-1MB", {"password": HUGE, "confirm": HUGE}, "password", PASSWORD_LENGTH, 400),
    ("confirm-differs", {"confirm": "a different password"}, "confirm",
     "The two passwords differ.", 400),
    ("confirm-empty", {"confirm": ""}, "confirm", REQUIRED, 400),
    oversized("password"),
]


@pytest.mark.parametrize("form, overrides, field, message, status", [
    *cases("invitation", INVITATION_CASES),
])
def test_hostile_invitation_input_is_refused(client, as_admin, form, overrides, field, message,
                                             status):
    assert_form_case_refused(client, as_admin, form, overrides, field, message, status)


@pytest.mark.parametrize("value", VERBATIM)
def test_setup_names_are_stored_verbatim_and_escaped(client, value):
    response, _ = post_form(client, "/setup", {**SETUP_BASELINE, "organisation_name": value,
                                               "admin_name": value})
    saved(response)
    assert db.session.scalars(select(Organisation)).one().name == value
    assert db.session.scalars(select(User)).one().name == value
    assert_escaped(client.get("/dashboard"), value)
