"""Timeline forms and communication text, driven with hostile input."""

import pytest
from sqlalchemy import select

from foia_tracker.communications.models import Communication
from foia_tracker.extensions import db

from .conftest import (
    FORMS, NOT_A_CHOICE, NOT_A_DATE, SQL, VERBATIM, assert_escaped, assert_form_case_refused,
    cases, day, oversized, post_form, saved, text_cases,
)


COMMUNICATION_CASES = [
    *text_cases("summary", 300),
    *text_cases("body", 200000, required=False),
    ("kind-unknown", {"kind": "bribe"}, "kind", NOT_A_CHOICE, 400),
    ("kind-empty", {"kind": ""}, "kind", NOT_A_CHOICE, 400),
    ("kind-label", {"kind": "Note"}, "kind", NOT_A_CHOICE, 400),
    ("kind-dunder", {"kind": "__class__"}, "kind", NOT_A_CHOICE, 400),
    # Only a note's direction is read from the form; every other kind has one fixed direction
    # that replaces whatever was sent (issue 17), so there is no wrong direction to refuse.
    ("direction-unknown", {"kind": "note", "direction": "sideways"}, "direction", NOT_A_CHOICE, 400),
    ("direction-empty-for-note", {"kind": "note", "direction": ""}, "direction", NOT_A_CHOICE, 400),
    ("date-empty", {"occurred_on": ""}, "occurred_on", "Enter the date.", 400),
    ("date-letters", {"occurred_on": "yesterday"}, "occurred_on", NOT_A_DATE, 400),
    ("date-impossible", {"occurred_on": "2025-13-01"}, "occurred_on",
     "There is no month 13: the month comes second, 01 to 12.", 400),
    ("date-sql", {"occurred_on": SQL}, "occurred_on", NOT_A_DATE, 400),
    ("date-future", {"occurred_on": day(30)}, "occurred_on",
     "The date cannot be in the future.", 400),
    oversized("body"),
]


@pytest.mark.parametrize("form, overrides, field, message, status", [
    *cases("communication-new", COMMUNICATION_CASES + [
        ("acknowledgment-before-sending", {"kind": "acknowledgment", "occurred_on": day(-12)},
         "kind", "cannot be logged while the request is “Draft”", 409),
        ("second-request-sent", {"kind": "request_sent", "direction": "sent"}, "kind",
         "This request already has a “Request sent” entry", 409),
    ]),
    *cases("communication-edit", COMMUNICATION_CASES + [
        ("moved-before-sending", {"occurred_on": day(-12)}, "kind",
         "cannot be logged while the request is “Draft”", 400),
        ("becomes-second-request-sent", {"kind": "request_sent", "direction": "sent"}, "kind",
         "This request already has a “Request sent” entry", 400),
    ]),
])
def test_hostile_communication_input_is_refused(client, as_admin, form, overrides, field, message,
                                                status):
    assert_form_case_refused(client, as_admin, form, overrides, field, message, status)


@pytest.mark.parametrize("value", VERBATIM)
def test_communication_text_is_stored_verbatim_and_escaped(client, as_admin, value):
    data = {**FORMS["communication-new"].baseline(as_admin), "summary": value, "body": value}
    response, _ = post_form(client, f"/requests/{as_admin.request_id}/communications/", data,
                            form_page=f"/requests/{as_admin.request_id}")
    saved(response)
    communication = db.session.scalars(
        select(Communication).where(Communication.summary == value)).one()
    assert communication.body == value
    assert_escaped(client.get(f"/requests/{as_admin.request_id}"), value)
    assert_escaped(client.get(
        f"/requests/{as_admin.request_id}/communications/{communication.id}/edit"), value)
