"""The alert sweep: find what is due, queue digests and alerts in one transaction, then deliver.

Idempotent by construction: every message has a key (recipient, day or request, clock, due date,
kind) that the outbox stores once, so running twice, in two processes, or after a crash never
queues the same alert twice. After downtime only today's digest is due, so a week without
sweeps is caught up once, as one digest per user.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import select

from ..agencies.models import Agency
from ..communications.status import OPEN_STATUSES
from ..deadlines import NoRuleInForce, rule_for
from ..extensions import db
from ..followups.services import followups_schedule
from ..mail.outbox import outbox_add, outbox_enqueue, outbox_existing_keys
from ..orgs.models import Organisation
from ..records.models import RecordsRequest, request_watcher
from ..users.models import Role, User
from .due import DueItem, bucket, business_days_overdue, user_clock
from .models import SweepRun

#: Far enough ahead for the longest lead time users can choose (30 business days).
_HORIZON = timedelta(days=60)
_SWEEP = "alerts"


@dataclass
class SweepReport:
    digests: int = 0
    alerts: int = 0
    followups: int = 0


#: A digest lists this many requests per section at most; the rest are a link away.
DIGEST_SECTION_LIMIT = 25


def alerts_sweep(*, now: datetime) -> SweepReport:
    """Queue every digest and alert due at `now` (aware UTC) and commit; delivery is separate."""
    report = SweepReport(followups=followups_schedule(today=now.date()))
    recipients = _recipients_due(now)
    if recipients:
        done = outbox_existing_keys([_digest_key(user, today) for user, today in recipients])
        # Once today's digests are out, later sweeps only look for deadlines passed yesterday.
        yesterdays = None if len(done) < len(recipients) else \
            {today - timedelta(days=1) for _, today in recipients}
        items, items_of_user = _due_items(now, due_on_in=yesterdays)
        escalation_days = dict(db.session.execute(
            select(Organisation.id, Organisation.escalation_business_days)).all())
        for user, today in recipients:
            mine = items_of_user.get(user.id, [])
            if _digest_key(user, today) not in done:
                escalated = _escalated(user, items, escalation_days, today)
                report.digests += _queue_digest(user, mine, escalated, today, now)
            report.alerts += _queue_passed_alerts(user, mine, today, now)
    _mark_run(now)
    db.session.commit()
    return report


def _recipients_due(now: datetime) -> list[tuple[User, date]]:
    """Return the users whose digest hour has come, with their local date."""
    recipients = []
    for user in db.session.scalars(select(User).where(
            User.is_active_account.is_(True), User.is_email_enabled.is_(True),
            User.password_hash.is_not(None))):
        clock = user_clock(now, user.timezone, user.digest_hour)
        if clock.is_digest_time:
            recipients.append((user, clock.local_today))
    return recipients


def _digest_key(user: User, today: date) -> str:
    return f"digest:{user.id}:{today.isoformat()}"


def _due_items(now: datetime, due_on_in: set[date] | None = None):
    """Return open requests with a deadline before the horizon, by organisation and by recipient."""
    conditions = [RecordsRequest.status.in_(OPEN_STATUSES), RecordsRequest.next_due_on.is_not(None),
                  RecordsRequest.next_due_on <= (now + _HORIZON).date()]
    if due_on_in is not None:
        conditions.append(RecordsRequest.next_due_on.in_(due_on_in))
    rows = db.session.execute(
        select(RecordsRequest.id, RecordsRequest.organisation_id, Organisation.code, RecordsRequest.year,
               RecordsRequest.number, RecordsRequest.title, Agency.name, Agency.jurisdiction,
               RecordsRequest.next_clock, RecordsRequest.next_due_on, RecordsRequest.received_on,
               RecordsRequest.assignee_id)
        .join(Agency, RecordsRequest.agency_id == Agency.id)
        .join(Organisation, RecordsRequest.organisation_id == Organisation.id)
        .where(*conditions).order_by(RecordsRequest.next_due_on, RecordsRequest.id)).all()
    by_organisation, by_id, recipients_of = defaultdict(list), {}, defaultdict(set)
    # Plain tuple unpacking: with 100,000 rows, named attribute access is the slow part.
    for (request_id, organisation_id, code, year, number, title, agency, jurisdiction, clock,
         due_on, received_on, assignee_id) in rows:
        item = by_id[request_id] = DueItem(
            request_id, f"{code}-{year}-{number:04d}", title, agency, jurisdiction, clock, due_on,
            _citation(jurisdiction, received_on, clock))
        by_organisation[organisation_id].append(item)
        if assignee_id:
            recipients_of[request_id].add(assignee_id)
    watchers = select(request_watcher.c.request_id, request_watcher.c.user_id).join(
        RecordsRequest, RecordsRequest.id == request_watcher.c.request_id).where(*conditions)
    for request_id, user_id in db.session.execute(watchers):
        recipients_of[request_id].add(user_id)
    by_user = defaultdict(list)
    for request_id, item in by_id.items():   # in due-date order, so each user's list is too
        for user_id in recipients_of[request_id]:
            by_user[user_id].append(item)
    return by_organisation, by_user


@lru_cache(maxsize=4096)
def _citation(jurisdiction: str, received_on, clock: str) -> str:
    if clock == "followup":
        return "Organisation follow-up policy (the law sets no fixed deadline)"
    try:
        rule = rule_for(jurisdiction, received_on)
    except NoRuleInForce:
        return ""
    return rule.clocks[clock].citation if clock in rule.clocks else rule.citation


def _escalated(user: User, items, escalation_days: dict, today) -> list:
    if not user.can(Role.admin):
        return []
    threshold = escalation_days[user.organisation_id]
    overdue = ((i, business_days_overdue(i, today)) for i in items.get(user.organisation_id, ()))
    return [(item, days) for item, days in overdue if days > threshold]


def _queue_digest(user: User, mine: list, escalated: list, today, now: datetime) -> int:
    sections = defaultdict(list)
    for item in mine:
        name = bucket(item, today, user.lead_business_days)
        if name:
            sections[name].append(item)
    if not sections and not escalated:
        return 0
    context = {"user": user, "today": today, "sections": sections, "escalated": escalated,
               "limit": DIGEST_SECTION_LIMIT}
    # The sweep checked every digest key in bulk already.
    return int(outbox_add(
        key=_digest_key(user, today), organisation_id=user.organisation_id,
        kind="digest", to_address=user.email, subject=_digest_subject(sections, escalated, today),
        send_after=now, **_render("digest", context)))


def _queue_passed_alerts(user: User, mine: list, today, now: datetime) -> int:
    # Only yesterday's deadlines: older ones were alerted on their own morning, or (after
    # downtime) appear in today's digest as overdue instead of as a flood of alerts.
    yesterday = today - timedelta(days=1)
    queued = 0
    for item in (i for i in mine if i.due_on == yesterday):
        queued += outbox_enqueue(
            key=f"passed:{user.id}:{item.request_id}:{item.clock}:{item.due_on.isoformat()}",
            organisation_id=user.organisation_id, kind="deadline_passed", to_address=user.email,
            subject=f"Deadline passed: {item.reference} {item.title}"[:300], send_after=now,
            **_render("deadline_passed", {"user": user, "item": item, "today": today}))
    return queued


def _digest_subject(sections, escalated, today) -> str:
    counts = [f"{len(sections[k])} {label}" for k, label in
              (("overdue", "overdue"), ("today", "due today"), ("soon", "due soon")) if sections.get(k)]
    if escalated:
        counts.append(f"{len(escalated)} escalated")
    return f"Records deadlines for {today.isoformat()}: " + ", ".join(counts)


def _render(name: str, context: dict) -> dict:
    base_url = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base_url):
        return {"text_body": render_template(f"mail/{name}.txt", **context),
                "html_body": render_template(f"mail/{name}.html", **context)}


def _mark_run(now: datetime) -> None:
    run = db.session.get(SweepRun, _SWEEP)
    if run is None:
        db.session.add(SweepRun(name=_SWEEP, last_run_at=now))
    else:
        run.last_run_at = now
