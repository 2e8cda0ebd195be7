"""Demo data modelled on the 2018 face-recognition records campaign."""

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select

from .agencies.models import Agency, AgencyKind, Level
from .audit.recorder import acting_as
from .communications.models import Communication
from .communications.status import Direction, Kind, expected_direction
from .deadlines import deadline_report
from .demo_campaign import seed_demo_campaign
from .demo_evidence import seed_demo_evidence
from .extensions import db
from .followups.services import followups_schedule
from .orgs.models import Organisation
from .records.models import Channel, RecordsRequest, Tag, TrackingNumber
from .records.services import timeline_changed
from .users.models import Role, User


class DatabaseNotEmpty(Exception):
    """Demo data goes into an empty database only, never beside real data."""


AFFILIATES = [
    ("OR", "Oregon Civil Liberties Union (demo)", "OR"),
    ("CA", "California Civil Liberties Union (demo)", "CA"),
    ("FL", "Florida Civil Liberties Union (demo)", "FL"),
    ("MA", "Massachusetts Civil Liberties Union (demo)", "MA"),
    ("WA", "Washington Civil Liberties Union (demo)", "WA"),
]

AGENCIES = [
    ("Washington County Sheriff's Office", "OR", Level.county, AgencyKind.sheriff,
     "Public Records Unit", "records@co.washington.or.us.example"),
    ("Portland Police Bureau", "OR", Level.city, AgencyKind.police, "Records Division", ""),
    ("Oregon State Police", "OR", Level.state, AgencyKind.state_police, "", ""),
    ("Orlando Police Department", "FL", Level.city, AgencyKind.police,
     "Public Records Section", "publicrecords@orlando.example"),
    ("Pinellas County Sheriff's Office", "FL", Level.county, AgencyKind.sheriff, "", ""),
    ("San Diego Police Department", "CA", Level.city, AgencyKind.police, "", ""),
    ("Los Angeles County Sheriff's Department", "CA", Level.county, AgencyKind.sheriff, "", ""),
    ("Boston Police Department", "MA", Level.city, AgencyKind.police, "Office of the Legal Advisor", ""),
    ("Massachusetts State Police", "MA", Level.state, AgencyKind.state_police, "", ""),
    ("Seattle Police Department", "WA", Level.city, AgencyKind.police, "Public Disclosure Unit", ""),
    ("King County Sheriff's Office", "WA", Level.county, AgencyKind.sheriff, "", ""),
    ("Federal Bureau of Investigation", "US", Level.federal, AgencyKind.federal_agency,
     "Record/Information Dissemination Section", ""),
]

REQUEST_TEXT = (
    "Under the state public records law, we request: all contracts, invoices, purchase orders and "
    "non-disclosure agreements concerning face recognition technology, including Amazon "
    "Rekognition; policies governing its use; and communications with vendors since January 1, 2016."
)

@dataclass(frozen=True)
class DueIn:
    """Send a demo request so that its first clock is due this many days from the demo date."""

    days: int
    clock: str = "acknowledgment"

    def sent_on(self, jurisdiction: str, today: date) -> date:
        target = (today + timedelta(days=self.days)).isoformat()
        for days_ago in range(0, 60):
            sent_on = today - timedelta(days=days_ago)
            if deadline_report(jurisdiction, sent_on)["clocks"][self.clock]["due_on"] == target:
                return sent_on
        # No deadline ends on a weekend or holiday; the next day one can end on will do.
        return DueIn(self.days + 1, self.clock).sent_on(jurisdiction, today)


#: (affiliate, agency, title, days ago sent or DueIn, timeline of (kind, days after sending, summary)).
REQUESTS = [
    ("OR", "Washington County Sheriff's Office", "Amazon Rekognition contracts and use policy", 60,
     [(Kind.acknowledgment, 3, "Acknowledged, tracking number assigned"),
      (Kind.extension_notice, 12, "Agency needs more time to review e-mails"),
      (Kind.partial_release, 40, "First batch: invoices and onboarding e-mails")]),
    ("OR", "Portland Police Bureau", "Face recognition procurement records", 9,
     [(Kind.acknowledgment, 2, "Acknowledged by the records division")]),
    ("OR", "Oregon State Police", "Face recognition database access agreements", 3, []),
    # Sent so that a deadline falls today and one in two days, whatever day the demo is loaded.
    ("OR", "Washington County Sheriff's Office", "Rekognition training materials", DueIn(0), []),
    ("OR", "Portland Police Bureau", "Body-worn camera analytics contracts", DueIn(2), []),
    ("FL", "Orlando Police Department", "Rekognition pilot: contracts and pilot evaluations", 45,
     [(Kind.acknowledgment, 1, "Acknowledged"),
      (Kind.fee_estimate, 10, "Fee estimate of $212.50 for staff time")]),
    ("FL", "Pinellas County Sheriff's Office", "FACES face recognition system records", 20, []),
    ("CA", "San Diego Police Department", "Face recognition on mobile devices (TACIDS)", 30,
     [(Kind.extension_notice, 9, "14-day extension: records at field facilities"),
      (Kind.final_release, 25, "Final release: 212 pages of contracts and policies")]),
    ("CA", "Los Angeles County Sheriff's Department", "Face recognition vendor contracts", 12, []),
    ("MA", "Boston Police Department", "Face surveillance technology purchases", 25,
     [(Kind.acknowledgment, 4, "Acknowledged"), (Kind.denial, 9, "Denied: investigatory exemption")]),
    ("MA", "Massachusetts State Police", "Face recognition searches of RMV photos", 8, []),
    ("WA", "Seattle Police Department", "Face recognition software and body camera analytics", 15,
     [(Kind.acknowledgment, 5, "Acknowledged, estimate of 8 weeks"),
      (Kind.extension_notice, 10, "Extended: records held by the vendor")]),
    ("WA", "King County Sheriff's Office", "Face recognition policies and audits", 50,
     [(Kind.acknowledgment, 3, "Acknowledged"), (Kind.no_records, 20, "No responsive records")]),
]


def seed_demo(today: date) -> tuple[str, str]:
    """Load the demo data and return the demo login (e-mail, password)."""
    if db.session.scalar(select(exists().where(Organisation.id.is_not(None)))):
        raise DatabaseNotEmpty()
    password = secrets.token_urlsafe(12)
    agencies = {name: Agency(name=name, jurisdiction=j, level=level, kind=kind, records_officer=officer,
                             email=email)
                for name, j, level, kind, officer, email in AGENCIES}
    admins = {code: _affiliate(code, name, password) for code, name, _ in AFFILIATES}
    db.session.flush()
    tags = {code: Tag(organisation_id=admin.organisation_id, name="Face recognition")
            for code, admin in admins.items()}
    watchers = {code: _watcher(admin, password) for code, admin in admins.items()}
    for number, (code, agency, title, sent, timeline) in enumerate(REQUESTS, start=1):
        sent_on = sent.sent_on(code, today) if isinstance(sent, DueIn) else today - timedelta(days=sent)
        with acting_as(admins[code]):
            _request(admins[code], agencies[agency], tags[code], number, title, sent_on, timeline,
                     watchers[code])
    db.session.add_all(agencies.values())
    db.session.commit()
    seed_demo_evidence(today)
    seed_demo_campaign(today)
    # So a fresh demo shows follow-up tasks at once, without waiting for the scheduler.
    followups_schedule(today=today)
    return admins["OR"].email, password


def _affiliate(code: str, name: str, password: str) -> User:
    organisation = Organisation(name=name, code=code)
    admin = User(organisation=organisation, email=f"admin@{code.lower()}.demo.example",
                 name=f"{code} Demo Admin", role=Role.admin)
    admin.set_password(password)
    db.session.add(admin)
    return admin


def _watcher(admin: User, password: str) -> User:
    code = admin.organisation.code
    watcher = User(organisation=admin.organisation, email=f"editor@{code.lower()}.demo.example",
                   name=f"{code} Demo Editor", role=Role.editor)
    watcher.set_password(password)
    db.session.add(watcher)
    return watcher


def _request(admin, agency, tag, number, title, sent_on, timeline, watcher) -> None:
    request = RecordsRequest(
        organisation=admin.organisation, year=sent_on.year, number=number, agency=agency,
        title=title, body=REQUEST_TEXT, sent_on=sent_on, received_on=sent_on,
        channel=Channel.portal, assignee=admin, created_by=admin, tags=[tag], watchers=[watcher],
        tracking_numbers=[TrackingNumber(value=f"PRR-{sent_on.year}-{100 + number}")],
    )
    request.communications = [Communication(
        direction=Direction.sent, kind=Kind.request_sent, occurred_on=sent_on,
        summary="Request sent through the portal", created_by=admin)]
    for kind, days_after, summary in timeline:
        request.communications.append(Communication(
            direction=expected_direction(kind) or Direction.received, kind=kind,
            occurred_on=sent_on + timedelta(days=days_after), summary=summary, created_by=admin))
    db.session.add(request)
    timeline_changed(request, reason="demo data")
