"""The kind proposed from a reply's words (pure: no app, no database)."""

import pytest

from foia_tracker.communications.status import Kind
from foia_tracker.mail_intake.classify import kind_of
from foia_tracker.mail_intake.quoting import fold_quoted

CASES = [
    ("We have received your request and assigned it PRR-101.", Kind.acknowledgment),
    ("We need an extension of 10 business days to respond.", Kind.extension_notice),
    ("The estimated cost of your request is $40.", Kind.fee_estimate),
    ("Attached are the responsive records. This completes your request.", Kind.final_release),
    ("This is the first installment of records.", Kind.partial_release),
    ("Your request is denied under the investigative records exemption.", Kind.denial),
    ("After a diligent search we found no responsive records.", Kind.no_records),
    ("Could you clarify which years you mean?", Kind.clarification_request),
    ("Call me at extension 203 with questions.", None),
]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_the_proposed_kind(text, kind):
    assert kind_of("Re: your request", text, has_documents=False)[0] is kind


def test_documents_alone_suggest_a_release_with_the_reason():
    assert kind_of("Hello", "See attached.", has_documents=True) == (
        Kind.final_release, "documents are attached")


@pytest.mark.parametrize("quoted", [
    "On Mon, 2 Mar 2026 at 10:00, Staff <s@aclu.example.org> wrote:\n> Please send it.",
    "-----Original Message-----\nFrom: Staff\nSent: Monday\nSubject: Request\n\nPlease.",
    "From: Staff <s@aclu.example.org>\nSent: Monday, March 2, 2026\nTo: Records\n\nPlease.",
    "> Please send all contracts.\n> Thanks",
])
def test_quoted_history_is_folded_away(quoted):
    assert fold_quoted(f"Here they are.\n\n{quoted}") == "Here they are."
