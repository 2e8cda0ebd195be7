"""Follow-up letters: the built-in wording per kind, placeholders, and safe rendering.

Organisation-edited templates are plain text with `{name}` placeholders. They are never passed
to str.format or a template engine: the text is parsed, every placeholder must be one of
PLACEHOLDERS (no attributes, indexes, conversions or format specs), and rendering only
concatenates literal text with pre-computed strings, so a template cannot reach any object.
"""

import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import select

from ..deadlines import NoRuleInForce, UnknownJurisdiction, rule_for
from ..extensions import db
from .models import LetterKind, LetterTemplate

#: Placeholder name -> what it is filled with (shown to admins next to the template form).
PLACEHOLDERS = {
    "reference": "our reference for the request, e.g. OR-2026-0042",
    "request_title": "the request's title",
    "organisation": "our organisation's name",
    "agency": "the agency's name",
    "records_officer": "the agency's records officer (or “Public Records Officer”)",
    "tracking_numbers": "the agency's tracking numbers (or “none assigned”)",
    "sent_on": "the date we sent the request",
    "received_on": "the date the agency received it",
    "statute": "the public records law, e.g. Oregon Public Records Law",
    "citation": "the citation of the deadline that passed, e.g. ORS 192.329(2)",
    "requirement": "what the law required by then, e.g. “completed response”",
    "time_allowed": "the time the law allows, e.g. “within 10 business days” or “promptly”",
    "due_on": "the date the response was due",
    "days_overdue": "calendar days since the due date",
    "today": "the date of the letter",
}

_FORMATTER = string.Formatter()
_SUBJECT_MAX = 300


class TemplateInvalid(ValueError):
    """A letter template that uses braces or placeholders we do not allow; `errors` by field."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(e for messages in errors.values() for e in messages))
        self.errors = errors


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


@dataclass(frozen=True)
class LetterFacts:
    """What a letter says about a request, from an ORM object or a plain row alike."""

    reference: str
    request_title: str
    organisation: str
    agency: str
    records_officer: str
    tracking_numbers: tuple[str, ...]
    jurisdiction: str
    sent_on: date | None
    received_on: date | None
    clock: str
    deadline_on: date

    @classmethod
    def of(cls, request, *, clock: str, deadline_on: date) -> "LetterFacts":
        return cls(request.reference, request.title, request.organisation.name, request.agency.name,
                   request.agency.records_officer, tuple(t.value for t in request.tracking_numbers),
                   request.agency.jurisdiction, request.sent_on, request.received_on, clock, deadline_on)


def template_problems(text: str) -> list[str]:
    """Return what is wrong with a template's placeholders and braces (empty when it is fine)."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        return ["A brace is not closed or not part of a placeholder. Placeholders look like "
                "{agency}; write {{ or }} for a literal brace."]
    problems = []
    for _, name, spec, conversion in parsed:
        problem = None if name is None else _placeholder_problem(name, spec, conversion)
        if problem and problem not in problems:
            problems.append(problem)
    return problems


def _placeholder_problem(name: str, spec: str, conversion: str | None) -> str | None:
    shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    if name == "":
        return "Empty braces {} are not a placeholder; name one, e.g. {agency}."
    if name not in PLACEHOLDERS:
        return (f"Unknown placeholder {shown}. Placeholders are plain names from the list "
                f"(no dots, brackets or underscores at the start), e.g. {{agency}}.")
    if spec or conversion:
        return f"Placeholder {shown} cannot carry a format or conversion; write {{{name}}}."
    return None


@lru_cache(maxsize=256)
def _parsed(text: str) -> tuple | None:
    # The sweep renders the same few templates for many requests.
    try:
        return tuple(_FORMATTER.parse(text))
    except ValueError:
        return None


def render(text: str, values: dict[str, str]) -> str:
    """Fill the placeholders of a checked template; anything else is left as written."""
    parsed = _parsed(text)
    if parsed is None:
        return text
    out = []
    for literal, name, spec, conversion in parsed:
        out.append(literal)
        if name is not None:
            plain = name in values and not spec and not conversion
            out.append(values[name] if plain else _unparsed(name, spec, conversion))
    return "".join(out)


def _unparsed(name: str, spec: str, conversion: str | None) -> str:
    return "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"


def long_date(on: date | None) -> str:
    """Return a date as a letter writes it, e.g. March 3, 2026."""
    return f"{on:%B} {on.day}, {on.year}" if on else "an unrecorded date"


def letter_values(facts: LetterFacts, *, today: date) -> dict[str, str]:
    """Return the text of every placeholder for one request and clock."""
    statute, citation, requirement, time_allowed = _law(facts)
    return {
        "reference": facts.reference, "request_title": facts.request_title,
        "organisation": facts.organisation, "agency": facts.agency,
        "records_officer": facts.records_officer or "Public Records Officer",
        "tracking_numbers": ", ".join(facts.tracking_numbers) or "none assigned",
        "sent_on": long_date(facts.sent_on), "received_on": long_date(facts.received_on),
        "statute": statute, "citation": citation, "requirement": requirement,
        "time_allowed": time_allowed, "due_on": long_date(facts.deadline_on),
        "days_overdue": str(max((today - facts.deadline_on).days, 0)), "today": long_date(today),
    }


def _law(facts: LetterFacts) -> tuple[str, str, str, str]:
    """Return (statute, citation, requirement, time allowed) of the clock that passed."""
    try:
        rule = rule_for(facts.jurisdiction, facts.received_on or facts.sent_on or facts.deadline_on)
    except (NoRuleInForce, UnknownJurisdiction):
        return "the public records law", "", "a response", "in the time the law allows"
    # "followup" is our policy date where the law only says "promptly": cite the response clock.
    clock = rule.clocks.get(facts.clock) or rule.clocks.get("response") or rule.clocks.get("acknowledgment")
    if clock is None:
        return rule.statute, rule.citation, "a response", "in the time the law allows"
    allowed = f"within {clock.days} {clock.unit} days" if clock.unit != "none" else "promptly"
    return rule.statute, clock.citation, clock.description, allowed


def render_letter(kind: LetterKind, facts: LetterFacts, *, today: date,
                  template: Letter | None = None) -> Letter:
    """Return the letter for these facts, in the organisation's wording or the built-in one."""
    wording = template or DEFAULT_LETTERS[kind]
    values = letter_values(facts, today=today)
    subject = " ".join(render(wording.subject, values).split())
    return Letter(subject[:_SUBJECT_MAX], render(wording.body, values))


def organisation_wording(organisation_id: int, kind: LetterKind) -> Letter | None:
    """Return the organisation's own wording of a letter kind, if it has one."""
    row = db.session.scalars(select(LetterTemplate).where(
        LetterTemplate.organisation_id == organisation_id, LetterTemplate.kind == kind)).first()
    return Letter(row.subject, row.body) if row else None


def draft_letter(request, *, kind: LetterKind, clock: str, deadline_on: date,
                 today: date) -> tuple[str, str]:
    """Return (subject, body) of a follow-up for a request, from its organisation's template or ours."""
    letter = render_letter(kind, LetterFacts.of(request, clock=clock, deadline_on=deadline_on),
                           today=today, template=organisation_wording(request.organisation_id, kind))
    return letter.subject, letter.body


#: A sample request for previews of a template.
SAMPLE_FACTS = LetterFacts(
    reference="OR-2026-0042", request_title="Contracts for face recognition software",
    organisation="ACLU of Oregon", agency="Portland Police Bureau",
    records_officer="Public Records Officer", tracking_numbers=("PRR-2026-118",),
    jurisdiction="OR", sent_on=date(2026, 3, 2), received_on=date(2026, 3, 2), clock="response",
    deadline_on=date(2026, 3, 23))

_CLOSING = """
Please note that we are not asking you to create records, and that any part of the request that
can be answered now should not wait for the rest. If you are withholding any record, please
identify it and the specific exemption you rely on, and release every reasonably segregable
portion. If something about the request is unclear, or if you can suggest a way to narrow it that
would speed up your response, please contact us so that we can resolve it promptly.

We reserve all rights under the {statute}, including the right to seek review of your office's
failure to respond.

Thank you for your attention to this matter.

Sincerely,

{organisation}"""

_OPENING = """Dear {records_officer},

On {sent_on}, {organisation} submitted a public records request to {agency} for the following:
“{request_title}”. Our reference for the request is {reference}; your office's tracking
number(s): {tracking_numbers}.
"""

def _unwrap(text: str) -> str:
    """Join the source's wrapped lines so each paragraph is one line, as mail clients expect."""
    return "\n\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


def _letter(subject: str, body: str) -> Letter:
    return Letter(subject, _unwrap(body))


DEFAULT_LETTERS = {
    LetterKind.no_response: _letter(
        "Overdue public records request {reference}: {request_title}",
        _OPENING + """
Under the {statute}, your office was required to respond to this request {time_allowed}
({citation}). By our calculation that deadline was {due_on}. As of today, {today}, the request is
{days_overdue} days overdue and we have not received the response the law requires.

We ask that your office provide the requested records, or the written response the law requires,
without further delay, and let us know by return when we can expect it.
""" + _CLOSING),
    LetterKind.past_estimate: _letter(
        "Public records request {reference}: past your estimated date of {due_on}",
        _OPENING + """
Your office told us that it expected to respond by {due_on}. That date has now passed, and as of
today, {today}, we have not received the records or any further word about the request
({days_overdue} days after the estimated date).

The {statute} requires your office to respond {time_allowed} ({citation}), and an estimate does
not suspend that obligation indefinitely. Please provide the records now, or a revised estimate
with an explanation of the delay and of the work that remains.
""" + _CLOSING),
    LetterKind.overdue_after_extension: _letter(
        "Overdue public records request {reference}: extended deadline of {due_on} has passed",
        _OPENING + """
Your office extended the time to respond to this request. Under the {statute} ({citation}), the
extended deadline was {due_on}. As of today, {today}, that deadline has passed by {days_overdue}
days and we have received neither the records nor a lawful determination.

The law does not allow a further open-ended delay. Please provide the requested records, or the
written determination the law requires, without further delay.
""" + _CLOSING),
    LetterKind.appeal: _letter(
        "Appeal: public records request {reference} to {agency}",
        """To the official responsible for public records appeals at {agency}:

{organisation} appeals the response of {agency} to our public records request {reference}
(“{request_title}”), sent on {sent_on}; your office's tracking number(s): {tracking_numbers}.

This appeal is made under the {statute} ({citation}). We ask that you review the denial, in whole
or in part, of our request, and order the release of every record that is not exempt. Where a
record is withheld, please identify it, state the specific exemption that applies and why, and
release every reasonably segregable portion. A failure to respond within the time the law allows
is itself a denial, and we appeal it to the same extent.

Please send your decision, and any records released as a result of this appeal, to us in
electronic form. We reserve all rights, including the right to seek judicial review.

Sincerely,

{organisation}"""),
}
