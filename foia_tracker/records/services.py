"""Use-cases for records requests: log one, change it, keep its status true to its timeline."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..agencies.models import Agency
from ..communications.models import Communication
from ..communications.status import Direction, Entry, Kind, timeline_status
from ..db_types import utcnow
from ..evidence.chart_totals import chart_totals_move_request
from ..extensions import db
from ..followups.schedule import schedule_request
from ..orgs.models import Organisation
from ..users.models import User
from ..web.dates import local_today
from .deadlines import deadlines_refresh
from .models import RecordsRequest, Tag, TrackingNumber


def request_create(*, organisation_id: int, actor: User, values: dict) -> RecordsRequest:
    """Log a new request; one sent already gets its "request sent" entry on the timeline."""
    year = utcnow().year
    for attempt in range(3):
        request = RecordsRequest(organisation=db.session.get(Organisation, organisation_id), year=year,
                                 number=_next_number(organisation_id, year), created_by=actor)
        _apply(request, values, actor, reason="request logged")
        db.session.add(request)
        try:
            request_followups_refresh(request)
            db.session.commit()
            return request
        except IntegrityError:
            # Two requests logged at once took the same number; take the next one.
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def request_update(*, request: RecordsRequest, actor: User, values: dict) -> None:
    """Change a request; refused (nothing changed) when its timeline would stop making sense."""
    with db.session.no_autoflush:
        timeline_status(_with_sent_on(timeline_entries(request), values["sent_on"]))
    _apply(request, values, actor, reason="request changed")
    request_followups_refresh(request)
    db.session.commit()


def timeline_entries(request: RecordsRequest, *, leaving_out: Communication | None = None
                     ) -> list[Entry]:
    """Return the request's timeline as the status machine sees it, without one entry if asked."""
    return [Entry(c.occurred_on, c.id, c.kind) for c in request.communications if c is not leaving_out]


def refresh_status(request: RecordsRequest) -> None:
    """Set the status from the timeline, or raise TransitionRefused."""
    request.status = timeline_status(timeline_entries(request))


def timeline_changed(request: RecordsRequest, *, reason: str) -> None:
    """Recompute the status and the deadlines of a changed timeline that was checked beforehand."""
    refresh_status(request)
    deadlines_refresh(request, reason=reason)


def request_followups_refresh(request: RecordsRequest) -> int:
    """Draft the follow-ups a changed request needs now, before the caller commits."""
    # The sweep would draft them minutes later; meanwhile the page already says "overdue".
    db.session.flush()
    return schedule_request(request_id=request.id, organisation_id=request.organisation_id,
                            today=local_today(request.agency.jurisdiction))


def _apply(request: RecordsRequest, values: dict, actor: User, *, reason: str) -> None:
    with db.session.no_autoflush:
        if request.id is not None:
            # The purchases page's agency chart keeps sums per agency: they follow the request.
            chart_totals_move_request(request.id, request.agency_id, values["agency_id"])
        request.agency = db.session.get(Agency, values["agency_id"])
        for key in ("title", "body", "channel", "received_on", "assignee_id"):
            setattr(request, key, values[key])
        request.tags = _tags(request.organisation.id, values["tags"])
        request.watchers = _members(request.organisation.id, values.get("watcher_ids", []))
        _set_tracking_numbers(request, values["tracking_numbers"])
        _set_sent_on(request, values["sent_on"], actor)
        timeline_changed(request, reason=reason)


def _with_sent_on(entries: list[Entry], sent_on) -> list[Entry]:
    """Return the timeline as _set_sent_on leaves it, for checking before anything changes."""
    sent = next((e for e in entries if e.kind is Kind.request_sent), None)
    kept = [e for e in entries if e is not sent]
    if sent_on is None:
        return kept
    return [*kept, Entry(sent_on, sent.id if sent else None, Kind.request_sent)]


def _set_sent_on(request: RecordsRequest, sent_on, actor: User) -> None:
    """Keep the request's date sent and its "request sent" timeline entry in step."""
    request.sent_on = sent_on
    entry = next((c for c in request.communications if c.kind is Kind.request_sent), None)
    if sent_on is None and entry is not None:
        request.communications.remove(entry)
    elif sent_on is not None and entry is None:
        request.communications.append(Communication(
            direction=Direction.sent, kind=Kind.request_sent, occurred_on=sent_on,
            summary=f"Request sent by {request.channel.value.lower()}" if request.channel else "Request sent",
            created_by=actor))
    elif entry is not None:
        entry.occurred_on = sent_on


def _tags(organisation_id: int, names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {t.name.lower(): t for t in db.session.scalars(
        select(Tag).where(Tag.organisation_id == organisation_id,
                          func.lower(Tag.name).in_([n.lower() for n in names])))}
    tags = []
    for name in names:
        tag = existing.get(name.lower())
        if tag is None:
            tag = existing[name.lower()] = Tag(organisation_id=organisation_id, name=name)
        if tag not in tags:
            tags.append(tag)
    return tags


def _members(organisation_id: int, user_ids: list[int]) -> list[User]:
    if not user_ids:
        return []
    return list(db.session.scalars(select(User).where(
        User.organisation_id == organisation_id, User.id.in_(user_ids))))


def _set_tracking_numbers(request: RecordsRequest, numbers: list[str]) -> None:
    current = {t.value: t for t in request.tracking_numbers}
    request.tracking_numbers = [current.get(n) or TrackingNumber(value=n) for n in numbers]


def _next_number(organisation_id: int, year: int) -> int:
    highest = db.session.scalar(select(func.max(RecordsRequest.number)).where(
        RecordsRequest.organisation_id == organisation_id, RecordsRequest.year == year))
    return (highest or 0) + 1
