"""Administration forms (invitations, users, settings) and the names they store, made hostile."""

import pytest
from sqlalchemy import select

from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation
from foia_tracker.users.models import User

from .conftest import (
    BAD_EMAIL, HUGE, NOT_A_CHOICE, REQUIRED, SCRIPT, SQL, VERBATIM, assert_escaped,
    assert_form_case_refused, cases, oversized, post_form, saved, text_cases, too_long,
)


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
    oversized("name"),
]

USER_EDIT_CASES = [
    *text_cases("name", 120),
    ("role-unknown", {"role": "owner"}, "role", NOT_A_CHOICE, 400),
    ("role-empty", {"role": ""}, "role", NOT_A_CHOICE, 400),
    oversized("name"),
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
    oversized("name"),
]


@pytest.mark.parametrize("form, overrides, field, message, status", [
    *cases("invite", INVITE_CASES),
    *cases("user-edit", USER_EDIT_CASES),
    *cases("user-edit-self", SELF_EDIT_CASES),
    *cases("settings", SETTINGS_CASES),
])
def test_hostile_admin_input_is_refused(client, as_admin, form, overrides, field, message,
                                        status):
    assert_form_case_refused(client, as_admin, form, overrides, field, message, status)


@pytest.mark.parametrize("value", VERBATIM)
def test_user_and_organisation_names_are_stored_verbatim_and_escaped(client, as_admin, value):
    response, _ = post_form(client, "/admin/users/invite",
                            {"name": value, "email": "new@example.org", "role": "viewer"},
                            form_page="/admin/users")
    invitation_page = saved(response)
    assert db.session.scalars(select(User).where(User.email == "new@example.org")).one().name == value
    assert_escaped(client.get(invitation_page), value)
    assert_escaped(client.get("/admin/users"), value)

    response, _ = post_form(client, "/admin/settings", {"name": value})
    saved(response)
    assert db.session.get(Organisation, db.session.get(User, as_admin.admin_id).organisation_id).name == value
    assert_escaped(client.get("/dashboard"), value)  # the header names the organisation
