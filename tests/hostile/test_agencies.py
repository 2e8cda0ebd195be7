"""Agency forms, the agency list and agency text, driven with hostile input."""

import pytest
from sqlalchemy import select

from foia_tracker.agencies.models import Agency
from foia_tracker.extensions import db

from .conftest import (
    BAD_EMAIL, CONTROL_CHARACTERS, FORMS, GARBAGE_BUT_HARMLESS, HUGE, NOT_A_CHOICE, NUL, SCRIPT,
    SQL, VERBATIM, assert_escaped, assert_form_case_refused, cases, heading, oversized, post_form,
    saved, text_cases, too_long,
)


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
    oversized("notes"),
]


@pytest.mark.parametrize("form, overrides, field, message, status", [
    *cases("agency-new", AGENCY_CASES),
    *cases("agency-edit", AGENCY_CASES + [
        ("name-of-another-agency", {"name": "Portland Police Bureau"}, "name",
         "Portland Police Bureau (Oregon) is already listed.", 400),
    ]),
])
def test_hostile_agency_input_is_refused(client, as_admin, form, overrides, field, message,
                                         status):
    assert_form_case_refused(client, as_admin, form, overrides, field, message, status)


@pytest.mark.parametrize("args", GARBAGE_BUT_HARMLESS + [
    pytest.param({"q": NUL}, id="q-nul"),
    pytest.param({"q": HUGE}, id="q-1MB"),
    pytest.param({"jurisdiction": SQL}, id="jurisdiction-sql"),
])
def test_agency_list_survives_garbage_query_args(client, as_admin, args):
    response = client.get("/agencies/", query_string=args)
    assert response.status_code < 500, heading(response)
    if "<" in args.get("q", ""):
        assert_escaped(response, args["q"])


@pytest.mark.parametrize("jurisdiction", ["ZZ", "oregon", SQL])
def test_invalid_agency_filter_is_400_with_message(client, as_admin, jurisdiction):
    response = client.get("/agencies/", query_string={"jurisdiction": jurisdiction})
    assert response.status_code == 400, "an unknown jurisdiction is silently ignored"
    assert 'class="error"' in response.text or "flash-error" in response.text


@pytest.mark.parametrize("value", VERBATIM)
def test_agency_text_is_stored_verbatim_and_escaped(client, as_admin, value):
    data = {**FORMS["agency-new"].baseline(as_admin), "name": value, "records_officer": value,
            "postal_address": value, "notes": value}
    response, _ = post_form(client, "/agencies/new", data)
    location = saved(response)
    agency = db.session.scalars(select(Agency).where(Agency.name == value)).one()
    assert (agency.records_officer, agency.postal_address, agency.notes) == (value, value, value)
    assert_escaped(client.get(location), value)
    assert_escaped(client.get("/agencies/"), value)
    # The SQL fragment was data, not code: the agency table is still there.
    assert db.session.scalars(select(Agency).where(Agency.id == as_admin.agency_id)).one()
