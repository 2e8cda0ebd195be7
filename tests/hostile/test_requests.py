"""Request forms, the request list and request text, driven with hostile input."""

import re
from html import unescape

import pytest

from foia_tracker.extensions import db
from foia_tracker.records.forms import UNKNOWN_AGENCY
from foia_tracker.records.models import RecordsRequest

from .conftest import (
    CONTROL, CONTROL_CHARACTERS, GARBAGE_BUT_HARMLESS, LARGE, NOT_A_CHOICE, NOT_A_DATE,
    NOT_COERCIBLE, NUL, SCRIPT, SQL, VERBATIM, assert_escaped, assert_form_case_refused,
    assert_refused, cases, database_rows, day, heading, oversized, post_form, request_values,
    saved, text_cases, too_long,
)


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
    ("sent-impossible", {"sent_on": "2024-02-30"}, "sent_on",
     "February 2024 has 29 days: there is no 2024-02-30.", 400),
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
    oversized("body"),
]


@pytest.mark.parametrize("form, overrides, field, message, status", [
    *cases("request-new", REQUEST_CASES),
    *cases("request-edit", [row for row in REQUEST_CASES if not row[0].startswith("received-before")] + [
        ("received-before-sent", {"received_on": day(-11)}, "received_on",
         "The agency cannot have received it before it was sent.", 400),
    ]),
])
def test_hostile_request_input_is_refused(client, as_admin, form, overrides, field, message,
                                          status):
    assert_form_case_refused(client, as_admin, form, overrides, field, message, status)


def test_request_edit_refused_by_the_timeline_saves_nothing(client, as_admin):
    """Clearing the date sent of an acknowledged request would break its timeline: 409."""
    data = request_values(as_admin, sent_on="", channel="", received_on="")
    response, before = post_form(client, f"/requests/{as_admin.request_id}/edit", data)
    assert_refused(response, before, status=409, field=None,
                   message="Not saved: A “Acknowledgment” cannot be logged")


def test_assignee_from_another_organisation_is_refused(client, as_admin):
    data = request_values(as_admin, assignee_id=str(as_admin.outsider_id))
    response, before = post_form(client, "/requests/new", data)
    assert_refused(response, before, status=400, field="assignee_id", message=NOT_A_CHOICE)


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
    ("sent-from-impossible", {"sent_from": "2024-02-30"}, "sent_from",
     "February 2024 has 29 days: there is no 2024-02-30."),
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
    assert response.status_code == 400, heading(response)
    assert message in unescape(response.text)


@pytest.mark.parametrize("args", GARBAGE_BUT_HARMLESS + [
    pytest.param({"technology": SCRIPT}, id="technology-script"),
    pytest.param({"agency_name": SCRIPT}, id="agency-name-script"),
    pytest.param({"agency_name": SQL}, id="agency-name-sql"),
    pytest.param({"agency_name": "%_"}, id="agency-name-wildcards"),
])
def test_request_list_survives_garbage_query_args(client, as_admin, args):
    response = client.get("/requests/", query_string=args)
    assert response.status_code == 200, heading(response)
    for value in args.values():
        if "<" in value:
            assert_escaped(response, value)


@pytest.mark.parametrize("value", VERBATIM)
def test_request_text_is_stored_verbatim_and_escaped(client, as_admin, value):
    # Tags and tracking numbers are lists split at commas, semicolons and line ends.
    listed = value if not re.search(r"[,;\n]", value) else "listed"
    data = request_values(as_admin, title=value, body=value, other_tags=listed,
                           tracking_numbers=listed)
    response, _ = post_form(client, "/requests/new", data)
    location = saved(response)
    request_id = int(location.rstrip("/").rsplit("/", 1)[1])
    request = db.session.get(RecordsRequest, request_id)
    assert (request.title, request.body) == (value, value)
    assert listed in [t.name for t in request.tags]
    assert [t.value for t in request.tracking_numbers] == [listed]
    for page in (location, "/requests/", "/dashboard", f"/agencies/{as_admin.agency_id}",
                 f"/requests/{request_id}/edit"):
        assert_escaped(client.get(page), value)
