"""Drafting follow-up letters, and organisation templates that cannot reach any object."""

from datetime import date

import pytest
from sqlalchemy import func, select

from foia_tracker.extensions import db
from foia_tracker.followups.letters import (
    DEFAULT_LETTERS, PLACEHOLDERS, SAMPLE_FACTS, Letter, draft_letter, long_date, render,
    render_letter, template_problems,
)
from foia_tracker.followups.models import LetterKind, LetterTemplate
from foia_tracker.followups.services import TemplateInvalid, template_save
from foia_tracker.records.deadlines import request_clocks

from .conftest import TODAY

HOSTILE = [
    ("{__class__}", "Unknown placeholder {__class__}"),
    ("{agency.__class__}", "Unknown placeholder {agency.__class__}"),
    ("{agency.__init__.__globals__[os]}", "Unknown placeholder"),
    ("{reference[0]}", "Unknown placeholder {reference[0]}"),
    ("{0}", "Unknown placeholder {0}"),
    ("{config}", "Unknown placeholder {config}"),
    ("{}", "Empty braces {}"),
    ("Dear {agency", "A brace is not closed"),
    ("Dear } agency", "A brace is not closed"),
    ("{agency!r}", "cannot carry a format or conversion"),
    ("{agency:>999999999}", "cannot carry a format or conversion"),
    ("{agency:{reference}}", "cannot carry a format or conversion"),
]


@pytest.mark.parametrize("kind", list(LetterKind))
def test_every_built_in_letter_uses_only_known_placeholders(kind):
    letter = DEFAULT_LETTERS[kind]
    assert template_problems(letter.subject) == [] and template_problems(letter.body) == []
    rendered = render_letter(kind, SAMPLE_FACTS, today=date(2026, 4, 6))
    assert "{" not in rendered.subject + rendered.body
    assert "OR-2026-0042" in rendered.subject + rendered.body


@pytest.mark.parametrize("text, message", HOSTILE)
def test_hostile_or_broken_placeholders_are_refused_with_a_clear_message(text, message):
    problems = template_problems(text)
    assert problems and message in problems[0]


def test_rendering_only_substitutes_known_names_and_keeps_literal_braces():
    assert render("{{literal}} {agency}", {"agency": "PPB"}) == "{literal} PPB"
    # Even an unchecked template reaches no attribute: the field is left as written.
    assert render("{agency.__class__} {x}", {"agency": "PPB"}) == "{agency.__class__} {x}"


def test_the_draft_fills_in_the_request(app, make_user, overdue_request):
    user = make_user()
    request = overdue_request(user, title="ALPR contracts")
    clock = request.next_clock
    due_on = request.next_due_on
    subject, body = draft_letter(request, kind=LetterKind.no_response, clock=clock,
                                 deadline_on=due_on, today=TODAY)
    citation = request_clocks(request)[clock].citation
    assert request.reference in subject and "ALPR contracts" in subject
    for expected in (request.agency.name, "Jane Roe, Records Officer", "PRR-118, W-7",
                     request.reference, "Oregon Public Records Law", citation, long_date(due_on),
                     f"{(TODAY - due_on).days} days overdue", long_date(request.sent_on),
                     request.organisation.name):
        assert expected in body, expected


def test_an_organisation_template_overrides_the_built_in_wording(app, make_user, overdue_request):
    user = make_user()
    request = overdue_request(user)
    template_save(organisation_id=user.organisation_id, kind=LetterKind.no_response,
                  subject="Still waiting: {reference}", body="Due {due_on} under {citation}. {{sic}}")
    subject, body = draft_letter(request, kind=LetterKind.no_response, clock=request.next_clock,
                                 deadline_on=request.next_due_on, today=TODAY)
    assert subject == f"Still waiting: {request.reference}"
    assert body.startswith(f"Due {long_date(request.next_due_on)} under ORS") and body.endswith("{sic}")
    # Another kind, and another organisation, still use the built-in wording.
    other = make_user()
    other_request = overdue_request(other)
    assert draft_letter(other_request, kind=LetterKind.no_response, clock=other_request.next_clock,
                        deadline_on=other_request.next_due_on, today=TODAY)[0].startswith("Overdue")


@pytest.mark.parametrize("text, message", HOSTILE[:4] + HOSTILE[7:8])
def test_a_hostile_template_is_not_saved(app, make_user, text, message):
    user = make_user()
    with pytest.raises(TemplateInvalid) as refused:
        template_save(organisation_id=user.organisation_id, kind=LetterKind.appeal,
                      subject="Appeal {reference}", body=f"Dear {text}")
    assert list(refused.value.errors) == ["body"] and message in refused.value.errors["body"][0]
    assert db.session.scalar(select(func.count()).select_from(LetterTemplate)) == 0


def test_the_placeholder_list_matches_what_a_letter_can_say():
    values = render_letter(LetterKind.no_response, SAMPLE_FACTS, today=date(2026, 4, 6),
                           template=Letter(" ".join(f"[{{{n}}}]" for n in PLACEHOLDERS), ""))
    assert "{" not in values.subject and "[]" not in values.subject
