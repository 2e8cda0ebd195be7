"""The daily follow-up sweep in bulk: which overdue requests need a follow-up, and its draft.

Reads plain rows in batches by request id (a query per batch, never per request) and inserts the
new follow-ups with one bulk statement per batch, auditing them as the flush listener would.
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, insert, literal, or_, select
from sqlalchemy.exc import IntegrityError

from ..agencies.models import Agency
from ..audit.models import AuditEvent
from ..communications.models import Communication
from ..communications.status import OPEN_STATUSES, Status
from ..db_types import utcnow
from ..deadlines import business_calendar
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest, TrackingNumber
from .letters import Letter, LetterFacts, render_letter
from .models import FollowUp, FollowUpStatus, LetterKind, LetterTemplate

R = RecordsRequest
_BATCH = 2000
#: The requester's own window to appeal: drafted while it is open, not after it closed.
APPEAL_CLOCK = "appeal_filing"
#: Not a statutory clock: the date the agency itself gave.
ESTIMATE_CLOCK = "agency_estimate"
#: Statuses whose stored next deadline is something we chase: the agency's answer, or our appeal.
CHASED_STATUSES = OPEN_STATUSES | {Status.denied, Status.no_records}
#: A follow-up in one of these for the current deadline means there is nothing to create:
#: one is pending, or someone dismissed the chase of that deadline.
_BLOCKING = (FollowUpStatus.open, FollowUpStatus.snoozed, FollowUpStatus.dismissed)


def kind_for(clock: str) -> LetterKind:
    """Return the letter a clock calls for."""
    if clock == ESTIMATE_CLOCK:
        return LetterKind.past_estimate
    if clock == APPEAL_CLOCK:
        return LetterKind.appeal
    if clock == "extended_response":
        return LetterKind.overdue_after_extension
    return LetterKind.no_response


def repeat_on(jurisdiction: str, sent_on: date, business_days: int) -> date:
    """Return when the next follow-up is due after one sent on sent_on."""
    # At least one day, so a repeat never lands on the date of the one it follows.
    return business_calendar(jurisdiction).add_business_days(sent_on, max(business_days, 1))


def schedule_all(*, today: date) -> int:
    """Create every follow-up that is due and missing; return how many were created."""
    templates = _templates()
    created = _schedule_batches(_candidates(today), _plan, templates, today)
    created += _schedule_batches(_estimate_candidates(today), _plan_estimates, templates, today)
    # End the read transaction too: a scheduler process must not sit idle inside one.
    db.session.commit()
    return created


def schedule_request(*, request_id: int, organisation_id: int, today: date) -> int:
    """Create the follow-ups one request needs now, in the caller's transaction; return how many.

    The same rules as the sweep, so a request logged weeks overdue has its letter drafted at once.
    """
    templates = _templates(organisation_id)
    created = 0
    for candidates, plan in ((_candidates(today), _plan), (_estimate_candidates(today), _plan_estimates)):
        batch = db.session.execute(candidates.where(R.id == request_id)).all()
        try:
            # A savepoint: if a sweep drafted the same follow-up meanwhile, keep the caller's change.
            with db.session.begin_nested():
                created += _create(plan(batch, today), templates, today)
        except IntegrityError:
            pass
    return created


def _schedule_batches(candidates, plan, templates: dict, today: date) -> int:
    created = last_id = 0
    while batch := db.session.execute(candidates.where(R.id > last_id)).all():
        last_id = batch[-1].id
        for attempt in range(2):
            try:
                created += _create(plan(batch, today), templates, today)
                db.session.commit()
                break
            except IntegrityError:
                # Another sweep created some of these meanwhile; plan the batch again.
                db.session.rollback()
                if attempt:
                    raise
    return created


def _estimate_candidates(today: date):
    """Return requests whose agency's own estimated date has passed without a follow-up about it."""
    chased = exists().where(
        FollowUp.request_id == R.id, FollowUp.clock == ESTIMATE_CLOCK,
        FollowUp.deadline_on == R.estimated_on)
    return (
        select(R.id, R.organisation_id, R.year, R.number, R.title, R.sent_on, R.received_on,
               literal(ESTIMATE_CLOCK).label("next_clock"), R.estimated_on.label("next_due_on"),
               Agency.name.label("agency"), Agency.records_officer, Agency.jurisdiction,
               Organisation.code, Organisation.name.label("organisation"),
               Organisation.followup_repeat_business_days.label("repeat_days"))
        .join(Agency, R.agency_id == Agency.id).join(Organisation, R.organisation_id == Organisation.id)
        .where(R.estimated_on < today, R.status.in_(OPEN_STATUSES), ~chased)
        .order_by(R.id).limit(_BATCH))


def _plan_estimates(batch, today: date) -> list[tuple]:
    # One letter per estimate: the statutory chase repeats, a missed estimate is raised once.
    return [(row, row.next_due_on + timedelta(days=1)) for row in batch]


def _candidates(today: date):
    pending = exists().where(
        FollowUp.request_id == R.id, FollowUp.clock == R.next_clock,
        FollowUp.deadline_on == R.next_due_on, FollowUp.status.in_(_BLOCKING))
    return (
        select(R.id, R.organisation_id, R.year, R.number, R.title, R.sent_on, R.received_on,
               R.next_clock, R.next_due_on, Agency.name.label("agency"), Agency.records_officer,
               Agency.jurisdiction, Organisation.code, Organisation.name.label("organisation"),
               Organisation.followup_repeat_business_days.label("repeat_days"))
        .join(Agency, R.agency_id == Agency.id).join(Organisation, R.organisation_id == Organisation.id)
        .where(or_(
            # The agency's clocks are chased once passed; our appeal window while it is open.
            and_(R.next_clock != APPEAL_CLOCK, R.next_due_on < today),
            and_(R.next_clock == APPEAL_CLOCK, R.next_due_on >= today)),
            R.next_clock.is_not(None), R.status.in_(CHASED_STATUSES), ~pending)
        .order_by(R.id).limit(_BATCH))


def _plan(batch, today: date) -> list[tuple]:
    """Return (row, scheduled_on) for each request of the batch that needs a follow-up now."""
    last_sent = _last_sent_on([row.id for row in batch])
    plan = []
    for row in batch:
        sent_on = last_sent.get(row.id)
        if row.next_clock == APPEAL_CLOCK:
            if sent_on is None:
                plan.append((row, today))
            continue
        if sent_on is None:
            plan.append((row, row.next_due_on + timedelta(days=1)))
            continue
        next_on = repeat_on(row.jurisdiction, sent_on, row.repeat_days)
        if next_on <= today:
            plan.append((row, next_on))
    return plan


def _last_sent_on(request_ids: list[int]) -> dict[int, date]:
    """Return the date of the last follow-up sent about each request's current deadline."""
    # A follow-up whose timeline entry was removed counts from when it was due.
    sent_on = func.coalesce(Communication.occurred_on, FollowUp.scheduled_on)
    rows = db.session.execute(
        select(FollowUp.request_id, func.max(sent_on))
        .join(R, and_(R.id == FollowUp.request_id, R.next_clock == FollowUp.clock,
                      R.next_due_on == FollowUp.deadline_on))
        .outerjoin(Communication, Communication.id == FollowUp.sent_communication_id)
        .where(FollowUp.request_id.in_(request_ids), FollowUp.status == FollowUpStatus.sent)
        .group_by(FollowUp.request_id))
    return {request_id: sent_on for request_id, sent_on in rows}


def _create(plan: list[tuple], templates: dict, today: date) -> int:
    if not plan:
        return 0
    numbers = _tracking_numbers([row.id for row, _ in plan])
    values = [_followup_values(row, scheduled_on, numbers.get(row.id, ()), templates, today)
              for row, scheduled_on in plan]
    # Returned rows may come back in any order; a batch has one new follow-up per request.
    ids = {request_id: followup_id for followup_id, request_id in db.session.execute(
        insert(FollowUp).returning(FollowUp.id, FollowUp.request_id), values)}
    _audit_created([ids[v["request_id"]] for v in values], values)
    return len(ids)


def _followup_values(row, scheduled_on: date, numbers: tuple, templates: dict, today: date) -> dict:
    kind = kind_for(row.next_clock)
    facts = LetterFacts(f"{row.code}-{row.year}-{row.number:04d}", row.title, row.organisation,
                        row.agency, row.records_officer, numbers, row.jurisdiction, row.sent_on,
                        row.received_on, row.next_clock, row.next_due_on)
    letter = render_letter(kind, facts, today=max(today, scheduled_on),
                           template=templates.get((row.organisation_id, kind)))
    return {"organisation_id": row.organisation_id, "request_id": row.id, "clock": row.next_clock,
            "deadline_on": row.next_due_on, "scheduled_on": scheduled_on, "kind": kind,
            "status": FollowUpStatus.open, "subject": letter.subject, "body": letter.body,
            "created_at": utcnow()}


def _tracking_numbers(request_ids: list[int]) -> dict[int, tuple[str, ...]]:
    grouped = defaultdict(list)
    for request_id, value in db.session.execute(
            select(TrackingNumber.request_id, TrackingNumber.value)
            .where(TrackingNumber.request_id.in_(request_ids)).order_by(TrackingNumber.id)):
        grouped[request_id].append(value)
    return {request_id: tuple(values) for request_id, values in grouped.items()}


def _templates(organisation_id: int | None = None) -> dict[tuple[int, LetterKind], Letter]:
    """Return the organisations' own wordings (every one's, or one's), loaded once per sweep."""
    query = select(LetterTemplate)
    if organisation_id is not None:
        query = query.where(LetterTemplate.organisation_id == organisation_id)
    return {(t.organisation_id, t.kind): Letter(t.subject, t.body) for t in db.session.scalars(query)}


def _audit_created(ids: list[int], values: list[dict]) -> None:
    # Bulk inserts bypass the flush listener; record what it would, without the letter text
    # (derivable from the request and the template, and large times many requests).
    now = utcnow()
    db.session.execute(insert(AuditEvent.__table__), [{
        "organisation_id": v["organisation_id"], "actor_id": None, "occurred_at": now,
        "action": "created", "object_type": "FollowUp", "object_id": followup_id,
        "object_label": f"Follow-up ({v['kind'].value}) for {v['deadline_on']}",
        "reason": "follow-up sweep",
        "changes": {"request_id": [None, v["request_id"]], "kind": [None, v["kind"].name],
                    "clock": [None, v["clock"]], "deadline_on": [None, v["deadline_on"].isoformat()],
                    "scheduled_on": [None, v["scheduled_on"].isoformat()], "status": [None, "open"]},
    } for followup_id, v in zip(ids, values)])
