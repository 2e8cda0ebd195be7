"""Use-cases for follow-ups: the daily schedule, the draft, sending, snoozing, templates."""

from datetime import date
from functools import cache

from sqlalchemy import Date, Integer, Select, bindparam, select

from ..communications.services import communication_log, communication_log_check
from ..communications.status import Direction, Kind
from ..extensions import db
from ..records.models import RecordsRequest
from ..users.models import User
from .letters import PLACEHOLDERS, TemplateInvalid, draft_letter, template_problems
from .models import FollowUp, FollowUpStatus, LetterKind, LetterTemplate
from .query import TASK_ORDER, due_followups_query, visible_followup_ids_query
from .schedule import ESTIMATE_CLOCK, repeat_on, schedule_all
from .tasks import Task, task_columns, tasks_of

__all__ = [
    "FollowUpClosed", "PLACEHOLDERS", "TemplateInvalid", "followup_dismiss", "followup_draft_update",
    "followup_mark_sent", "followup_redraft", "followup_snooze", "followups_schedule",
    "open_followups_for", "template_reset", "template_save",
]


class FollowUpClosed(ValueError):
    """An action on a follow-up that was already sent or dismissed."""


def followups_schedule(*, today: date) -> int:
    """Create the follow-ups of every request whose next deadline has passed; return how many.

    Idempotent: a second run the same day (or a concurrent one) creates nothing more.
    """
    return schedule_all(today=today)


def followup_draft_update(*, followup: FollowUp, subject: str, body: str) -> None:
    """Save edits to a follow-up's draft letter."""
    _require_pending(followup)
    followup.subject, followup.body = subject, body
    db.session.commit()


def followup_redraft(*, followup: FollowUp, today: date) -> None:
    """Replace the draft with the current template filled in as of today."""
    _require_pending(followup)
    followup.subject, followup.body = draft_letter(
        followup.request, kind=followup.kind, clock=followup.clock,
        deadline_on=followup.deadline_on, today=today)
    db.session.commit()


def followup_mark_sent(*, followup: FollowUp, actor: User, subject: str, body: str,
                       sent_on: date) -> FollowUp | None:
    """Log the letter on the request's timeline, close the task and schedule the next one.

    Returns the next follow-up, if the request is still overdue afterwards. Refused with
    TransitionRefused (nothing saved) when the timeline does not allow the entry.
    """
    _require_pending(followup)
    request = followup.request
    # Checked before the task changes, so a refused entry leaves the follow-up as it was.
    communication_log_check(request=request, values=_entry(followup, sent_on))
    followup.subject, followup.body = subject, body
    followup.status, followup.snoozed_until = FollowUpStatus.sent, None
    # The task is closed in the same commit as the timeline entry, so neither exists without the other.
    # The next follow-up counts from this letter's date, known only once it is linked below.
    communication = communication_log(request=request, actor=actor, values=_entry(followup, sent_on),
                                      draft_followups=False)
    followup.sent_communication_id = communication.id
    following = _next_followup(followup, sent_on)
    db.session.commit()
    return following


def followup_snooze(*, followup: FollowUp, until: date) -> None:
    """Hide the follow-up until a date."""
    _require_pending(followup)
    followup.status, followup.snoozed_until = FollowUpStatus.snoozed, until
    db.session.commit()


def followup_dismiss(*, followup: FollowUp) -> None:
    """Drop the follow-up; no further ones are created for the same deadline."""
    _require_pending(followup)
    followup.status, followup.snoozed_until = FollowUpStatus.dismissed, None
    db.session.commit()


def template_save(*, organisation_id: int, kind: LetterKind, subject: str, body: str) -> LetterTemplate:
    """Save the organisation's wording of a letter kind; TemplateInvalid (nothing saved) if unsafe."""
    errors = {name: problems for name, text in (("subject", subject), ("body", body))
              if (problems := template_problems(text))}
    if errors:
        raise TemplateInvalid(errors)
    template = _template(organisation_id, kind) or LetterTemplate(organisation_id=organisation_id, kind=kind)
    template.subject, template.body = subject, body
    db.session.add(template)
    db.session.commit()
    return template


def template_reset(*, organisation_id: int, kind: LetterKind) -> None:
    """Go back to the built-in wording of a letter kind."""
    template = _template(organisation_id, kind)
    if template is not None:
        db.session.delete(template)
        db.session.commit()


#: Due follow-ups read at a time, in task order, while looking for the dashboard's current ones:
#: twice the dashboard's twenty, as most due follow-ups are current. Each candidate is joined to
#: its request and agency before the twenty are kept: 100 cost PostgreSQL 0.3 ms more a view.
_CANDIDATES = 40


def open_followups_for(user: User, limit: int = 20, *, today: date | None = None) -> list[Task]:
    """Return the open follow-ups of the user's organisation, most overdue first, for the dashboard."""
    # Neither database can estimate how many due follow-ups are current (a match on two columns
    # of the request), so given the whole query they join every due follow-up before sorting
    # (2,000 in a large affiliate: 20-40 ms). Reading them in task order along the index and
    # stopping once enough are current costs one query of a few hundred microseconds.
    today = today or date.today()
    found: list[Task] = []
    values = {"organisation_id": user.organisation_id, "today": today}
    after: dict = {}
    while True:
        tasks, keys = _current_tasks_statements(after=bool(after))
        found += tasks_of(db.session.execute(
            tasks, {**values, **after, "remaining": limit - len(found)}))
        if len(found) >= limit:
            return found
        candidates = db.session.execute(keys, {**values, **after}).all()
        if len(candidates) < _CANDIDATES:
            return found
        last = max(tuple(candidate) for candidate in candidates)
        after = {f"after_{n}": key for n, key in enumerate(last)}


@cache
def _current_tasks_statements(*, after: bool) -> tuple[Select, Select]:
    """Return the statements of one batch of open_followups_for: its current tasks, its keys.

    Parameters: organisation_id, today, remaining (tasks still wanted) and, with `after`, the
    task order keys after_0, after_1, after_2 of the last candidate read. Built once: building
    them cost more than running them.
    """
    organisation_id, today = bindparam("organisation_id"), bindparam("today", type_=Date)
    last = tuple(bindparam(f"after_{n}") for n in range(len(TASK_ORDER))) if after else None
    chunk = due_followups_query(organisation_id, today, after=last) \
        .limit(_CANDIDATES).subquery()
    tasks = task_columns(visible_followup_ids_query(organisation_id, today)
                         .where(FollowUp.id.in_(select(chunk.c.id)))) \
        .limit(bindparam("remaining", type_=Integer))
    return tasks, select(chunk)


def is_current(followup: FollowUp, request: RecordsRequest) -> bool:
    """Return whether the date the follow-up chases is still the request's current one."""
    if followup.clock == ESTIMATE_CLOCK:
        return request.estimated_on == followup.deadline_on
    return (request.next_clock, request.next_due_on) == (followup.clock, followup.deadline_on)


def _require_pending(followup: FollowUp) -> None:
    if followup.status in (FollowUpStatus.sent, FollowUpStatus.dismissed):
        raise FollowUpClosed(f"This follow-up was already {followup.status.value.lower()}.")


def _entry(followup: FollowUp, sent_on: date) -> dict:
    # An appeal moves the request to "appealed"; any other follow-up leaves the status alone.
    kind = Kind.appeal_filed if followup.kind is LetterKind.appeal else Kind.note
    summary = f"Follow-up sent: {followup.subject}"
    return {"kind": kind, "direction": Direction.sent, "occurred_on": sent_on,
            "summary": summary[:300], "body": followup.body}


def _next_followup(followup: FollowUp, sent_on: date) -> FollowUp | None:
    request = followup.request
    # An appeal is filed once, and a missed estimate is raised once; only the statutory chase repeats.
    if not is_current(followup, request) or followup.kind in (LetterKind.appeal, LetterKind.past_estimate):
        return None
    scheduled_on = repeat_on(request.agency.jurisdiction, sent_on,
                             request.organisation.followup_repeat_business_days)
    exists = db.session.scalar(select(FollowUp.id).where(
        FollowUp.request_id == request.id, FollowUp.clock == followup.clock,
        FollowUp.deadline_on == followup.deadline_on, FollowUp.scheduled_on == scheduled_on))
    if exists:
        return None
    subject, body = draft_letter(request, kind=followup.kind, clock=followup.clock,
                                 deadline_on=followup.deadline_on, today=scheduled_on)
    following = FollowUp(organisation_id=followup.organisation_id, request=request, clock=followup.clock,
                         deadline_on=followup.deadline_on, scheduled_on=scheduled_on, kind=followup.kind,
                         subject=subject, body=body)
    db.session.add(following)
    return following


def _template(organisation_id: int, kind: LetterKind) -> LetterTemplate | None:
    return db.session.scalars(select(LetterTemplate).where(
        LetterTemplate.organisation_id == organisation_id, LetterTemplate.kind == kind)).first()
