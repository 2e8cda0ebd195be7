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
from operator import attrgetter

from sqlalchemy import select

from ..agencies.models import Agency
from ..communications.status import OPEN_STATUSES
from ..deadlines import NoRuleInForce, rule_for
from ..extensions import db
from ..followups.services import followups_schedule
from ..mail.outbox import outbox_add_all, outbox_existing_keys
from ..orgs.models import Organisation
from ..records.models import RecordsRequest, request_watcher
from ..users.login import login_attempts_prune
from ..users.models import Role, User
from .due import DueItem, SweepCalendars, digest_sections, escalations, items_due_on, user_clock
from .models import SweepRun
from .render import AlertMail, alert_mail

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
        passed = _passed_deadlines(recipients, items_of_user)
        done |= outbox_existing_keys([key for keyed in passed.values() for key, _ in keyed])
        messages = _messages(recipients, done, items, items_of_user, passed, now)
        # One multi-row INSERT, in the order the messages were written.
        outbox_add_all(messages)
        report.digests = sum(message["kind"] == "digest" for message in messages)
        report.alerts = len(messages) - report.digests
    login_attempts_prune(now=now)
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


_DUE_ORDER = attrgetter("due_on", "request_id")


def _due_items(now: datetime, due_on_in: set[date] | None = None):
    """Return open requests with a deadline before the horizon, by organisation and by recipient.

    Every list is in due-date order (then by id), which the digest sections rely on.
    """
    conditions = [RecordsRequest.status.in_(OPEN_STATUSES), RecordsRequest.next_due_on.is_not(None),
                  RecordsRequest.next_due_on <= (now + _HORIZON).date()]
    if due_on_in is not None:
        conditions.append(RecordsRequest.next_due_on.in_(due_on_in))
    # Through the connection and streamed: the ORM's row handling and 100,000 rows held at
    # once (which the garbage collector walks again and again) cost more than the query.
    rows = db.session.connection().execute(
        select(RecordsRequest.id, RecordsRequest.organisation_id, Organisation.code, RecordsRequest.year,
               RecordsRequest.number, RecordsRequest.title, Agency.name, Agency.jurisdiction,
               RecordsRequest.next_clock, RecordsRequest.next_due_on, RecordsRequest.received_on,
               RecordsRequest.assignee_id)
        .join(Agency, RecordsRequest.agency_id == Agency.id)
        .join(Organisation, RecordsRequest.organisation_id == Organisation.id)
        .where(*conditions).order_by(RecordsRequest.next_due_on, RecordsRequest.id))
    by_organisation, by_user, by_id = defaultdict(list), defaultdict(list), {}
    # Plain tuple unpacking: with 100,000 rows, named attribute access is the slow part.
    for (request_id, organisation_id, code, year, number, title, agency, jurisdiction, clock,
         due_on, received_on, assignee_id) in rows:
        item = by_id[request_id] = DueItem(
            request_id, f"{code}-{year}-{number:04d}", title, agency, jurisdiction, clock, due_on,
            _citation(jurisdiction, received_on, clock))
        by_organisation[organisation_id].append(item)
        if assignee_id:
            by_user[assignee_id].append(item)
    watched = defaultdict(list)
    for request_id, user_id, assignee_id in db.session.execute(
            select(request_watcher.c.request_id, request_watcher.c.user_id, RecordsRequest.assignee_id)
            .join(RecordsRequest, RecordsRequest.id == request_watcher.c.request_id).where(*conditions)):
        # An assignee watching their own request hears of it once.
        if user_id != assignee_id and request_id in by_id:
            watched[user_id].append(by_id[request_id])
    for user_id, items in watched.items():
        by_user[user_id] = sorted(by_user[user_id] + items, key=_DUE_ORDER)
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


def _passed_deadlines(recipients: list[tuple[User, date]],
                      items_of_user: dict) -> dict[int, list[tuple[str, DueItem]]]:
    """Return each recipient's (alert key, item) for the deadlines that passed yesterday."""
    # Only yesterday's deadlines: older ones were alerted on their own morning, or (after
    # downtime) appear in today's digest as overdue instead of as a flood of alerts.
    return {user.id: [(_passed_key(user, item), item) for item in
                      items_due_on(items_of_user.get(user.id, []), today - timedelta(days=1))]
            for user, today in recipients}


def _passed_key(user: User, item: DueItem) -> str:
    return f"passed:{user.id}:{item.request_id}:{item.clock}:{item.due_on.isoformat()}"


def _messages(recipients, done: set[str], items: dict, items_of_user: dict, passed: dict,
              now: datetime) -> list[dict]:
    """Render each recipient's digest and alerts whose keys are not done yet, digest first."""
    calendars = SweepCalendars()
    escalated_of = _Escalations(items, calendars)
    messages = []
    with alert_mail() as mail:
        for user, today in recipients:
            if _digest_key(user, today) not in done:
                messages.extend(_digest(mail, user, items_of_user.get(user.id, []),
                                        escalated_of(user, today), today, now, calendars))
            messages.extend(_passed_alert(mail, user, key, item, today, now)
                            for key, item in passed[user.id] if key not in done)
    return messages


class _Escalations:
    """What each admin hears of as escalated: the same for an organisation's admins on a day."""

    def __init__(self, items_of_organisation: dict, calendars: SweepCalendars):
        self._items, self._calendars = items_of_organisation, calendars
        self._thresholds = dict(db.session.execute(
            select(Organisation.id, Organisation.escalation_business_days)).all())
        self._found: dict[tuple[int, date], list] = {}

    def __call__(self, user: User, today: date) -> list:
        if not user.can(Role.admin):
            return []
        key = (user.organisation_id, today)
        if key not in self._found:
            self._found[key] = escalations(self._items.get(user.organisation_id, []), today,
                                           self._thresholds[user.organisation_id], self._calendars)
        return self._found[key]


def _digest(mail: AlertMail, user: User, mine: list, escalated: list, today, now: datetime,
            calendars: SweepCalendars) -> list[dict]:
    sections = digest_sections(mine, today, user.lead_business_days, calendars)
    if not sections and not escalated:
        return []
    context = {"user": user, "today": today, "sections": sections, "escalated": escalated,
               "limit": DIGEST_SECTION_LIMIT}
    return [dict(key=_digest_key(user, today), organisation_id=user.organisation_id, kind="digest",
                 to_address=user.email, subject=_digest_subject(sections, escalated, today),
                 send_after=now, **mail.render("digest", context))]


def _passed_alert(mail: AlertMail, user: User, key: str, item: DueItem, today, now: datetime) -> dict:
    return dict(key=key, organisation_id=user.organisation_id, kind="deadline_passed",
                to_address=user.email, subject=f"Deadline passed: {item.reference} {item.title}"[:300],
                send_after=now,
                **mail.render("deadline_passed", {"user": user, "item": item, "today": today}))


def _digest_subject(sections, escalated, today) -> str:
    counts = [f"{len(sections[k])} {label}" for k, label in
              (("overdue", "overdue"), ("today", "due today"), ("soon", "due soon")) if sections.get(k)]
    if escalated:
        counts.append(f"{len(escalated)} escalated")
    return f"Records deadlines for {today.isoformat()}: " + ", ".join(counts)


def _mark_run(now: datetime) -> None:
    run = db.session.get(SweepRun, _SWEEP)
    if run is None:
        db.session.add(SweepRun(name=_SWEEP, last_run_at=now))
    else:
        run.last_run_at = now
