"""Use-cases of the calendar feed: find the feed's owner, list its events, reset its secret."""

import hmac
import re
import secrets
from collections.abc import Callable
from datetime import date

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, load_only

from ..agencies.models import Agency
from ..extensions import db
from ..followups.models import FollowUp, FollowUpStatus
from ..orgs.models import Organisation
from ..records.deadline_view import CLOCK_LABELS
from ..records.models import RecordsRequest
from ..users.models import User
from .ics import AllDayEvent

#: What secrets.token_urlsafe can produce, up to the column's width; anything else (a NUL byte
#: would make PostgreSQL raise) is turned away before the database sees it.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: Follow-ups still to do; sent and dismissed ones leave the calendar.
PENDING_FOLLOWUPS = (FollowUpStatus.open, FollowUpStatus.snoozed)

#: Builds the absolute URL of a request page from its id.
LinkBuilder = Callable[[int], str]


def feed_owner(token: str) -> User | None:
    """Return the active user whose calendar token this is, or None."""
    if not _TOKEN_SHAPE.fullmatch(token):
        return None
    user = db.session.scalar(select(User).where(User.calendar_token == token))
    if user is None or not user.is_active:
        return None
    # The unique index finds the row; the constant-time check guards against a collation
    # that compares case-insensitively or ignores trailing spaces.
    return user if hmac.compare_digest(user.calendar_token.encode(), token.encode()) else None


def feed_events(*, organisation_id: int, link: LinkBuilder, domain: str) -> list[AllDayEvent]:
    """Return every stored deadline and pending follow-up of the organisation, by date."""
    events = _deadline_events(organisation_id, link, domain) + _followup_events(organisation_id, link, domain)
    return sorted(events, key=lambda event: (event.on, event.uid))


def calendar_token_reset(*, user: User) -> str:
    """Give the user a new feed secret; the old URL stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return user.calendar_token


def calendar_token_ensure(user: User) -> str:
    """Return the user's feed secret, creating it on first use."""
    return user.calendar_token or calendar_token_reset(user=user)


def calendar_url(user: User) -> str | None:
    """Return the absolute URL of the user's feed, or None before they have one."""
    if user.calendar_token is None:
        return None
    return absolute_url(url_for("calendar_feed.feed", token=user.calendar_token))


def absolute_url(path: str) -> str:
    """Return a path of this site as the absolute URL a calendar client can open."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def clock_label(name: str) -> str:
    return CLOCK_LABELS.get(name) or name.replace("_", " ").capitalize()


def _deadline_events(organisation_id: int, link: LinkBuilder, domain: str) -> list[AllDayEvent]:
    # One query; only the columns the feed shows, so request bodies stay in the database.
    requests = db.session.scalars(
        select(RecordsRequest)
        .where(RecordsRequest.organisation_id == organisation_id)
        .options(load_only(RecordsRequest.year, RecordsRequest.number, RecordsRequest.title,
                           RecordsRequest.deadlines, RecordsRequest.organisation_id,
                           RecordsRequest.agency_id),
                 joinedload(RecordsRequest.agency).load_only(Agency.name),
                 joinedload(RecordsRequest.organisation).load_only(Organisation.code))
        .order_by(RecordsRequest.id))
    return [_deadline_event(request, clock, date.fromisoformat(due), link, domain)
            for request in requests
            for clock, due in (request.deadlines or {}).items() if due]


def _deadline_event(request: RecordsRequest, clock: str, due_on: date, link: LinkBuilder,
                    domain: str) -> AllDayEvent:
    label = clock_label(clock)
    return AllDayEvent(
        uid=f"request-{request.id}-{clock}@{domain}", on=due_on,
        summary=f"{label} due: {_headline(request)}",
        description=f"Clock: {label}\nRequest: {_headline(request)}\n{link(request.id)}",
        url=link(request.id))


def _followup_events(organisation_id: int, link: LinkBuilder, domain: str) -> list[AllDayEvent]:
    followups = db.session.scalars(
        select(FollowUp)
        .where(FollowUp.organisation_id == organisation_id, FollowUp.status.in_(PENDING_FOLLOWUPS))
        .options(joinedload(FollowUp.request).joinedload(RecordsRequest.agency),
                 joinedload(FollowUp.request).joinedload(RecordsRequest.organisation))
        .order_by(FollowUp.id))
    return [_followup_event(followup, link, domain) for followup in followups]


def _followup_event(followup: FollowUp, link: LinkBuilder, domain: str) -> AllDayEvent:
    request = followup.request
    return AllDayEvent(
        # A snoozed follow-up is due again when the snooze ends.
        uid=f"followup-{followup.id}@{domain}", on=followup.snoozed_until or followup.scheduled_on,
        summary=f"Follow-up due: {_headline(request)}",
        description=(f"Follow-up ({followup.status.value.lower()}): {followup.kind.value}\n"
                     f"Clock: {clock_label(followup.clock)}, due {followup.deadline_on.isoformat()}\n"
                     f"Request: {_headline(request)}\n{link(request.id)}"),
        url=link(request.id))


def _headline(request: RecordsRequest) -> str:
    return f"{request.reference} {request.title} ({request.agency.name})"
