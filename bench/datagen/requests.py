"""The people and requests of the data set: organisations, users, agencies, tags, requests
and their timelines, with deadlines computed by the app's own engine."""

import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from pathlib import Path

from werkzeug.security import generate_password_hash

from foia_tracker.agencies.models import Agency, AgencyKind, Level
from foia_tracker.communications.models import Communication
from foia_tracker.communications.status import Direction, Kind, Status, expected_direction
from foia_tracker.deadlines import NoRuleInForce
from foia_tracker.deadlines.jurisdictions import JURISDICTIONS
from foia_tracker.storage.folder import FolderStore
from foia_tracker.orgs.models import Organisation
from foia_tracker.records.deadlines import DeadlineInputs, clocks_of, summarise, timeline_events
from foia_tracker.records.models import (
    STANDARD_TECHNOLOGIES, Channel, RecordsRequest, Tag, request_tag,
)
from foia_tracker.users.models import Role, User

from .loader import Loader
from .settings import (
    BATCH, DETAIL_COMMUNICATIONS, END_DATE, LARGE_SHARE, LOGIN_EMAIL, PASSWORD, YEARS, Counts,
)
from .text import Vocabulary, pseudo_words
from .timelines import RELEASES, SUMMARIES, Entry, timeline_kinds


class RequestSteps:
    """Load steps whose plain lists (ids, who belongs where) the later steps read.

    Ids are chosen here, not by the database, so rows can refer to each other without reading
    anything back.
    """

    def __init__(self, counts: Counts, seed: int, documents_path: Path, log=print):
        self.counts = counts
        self.seed = seed
        self.rng = random.Random(seed)
        self.store = FolderStore(documents_path)
        self.log = log
        self.now = datetime.combine(END_DATE, datetime.min.time(), timezone.utc)
        self.vocabulary = Vocabulary(seed)

    def organisations(self, load: Loader) -> None:
        codes = [code for code in JURISDICTIONS if code != "US"]
        self.org_codes = {1: "NAT"}
        self.org_home = {1: None}
        rows = [{"id": 1, "name": "National Surveillance Transparency Coalition", "code": "NAT",
                 "created_at": self.now - timedelta(days=365 * YEARS)}]
        for n in range(2, self.counts.organisations + 1):
            home = codes[(n - 2) % len(codes)]
            code = f"{home}{(n - 2) // len(codes) or ''}"
            self.org_codes[n], self.org_home[n] = code, home
            rows.append({"id": n, "name": f"Civil Liberties Union of {JURISDICTIONS[home].name}"
                         + (f" {n}" if (n - 2) >= len(codes) else ""), "code": code,
                         "created_at": self.now - timedelta(days=365 * YEARS)})
        load.insert(Organisation.__table__, rows)
        # Affiliates differ in size; the large one's share is fixed.
        self.org_weights = list(accumulate(
            self.rng.uniform(0.3, 3) for _ in range(2, self.counts.organisations + 1)))

    def users(self, load: Loader) -> None:
        password_hash = generate_password_hash(PASSWORD)
        zones = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
        organisations = list(self.org_codes)
        large_users = max(2, self.counts.users // 10)
        self.users_of = defaultdict(list)
        rows = []
        for n in range(1, self.counts.users + 1):
            organisation = 1 if n <= large_users else organisations[1:][n % (len(organisations) - 1)]
            first = not self.users_of[organisation]
            self.users_of[organisation].append(n)
            email = LOGIN_EMAIL if n == 1 else \
                f"user{n}@{self.org_codes[organisation].lower()}.bench.example"
            # The benchmark's user edits; each organisation's first other user administers.
            role = Role.editor if n == 1 else Role.admin if first or n == 2 else \
                self.rng.choice((Role.editor, Role.editor, Role.viewer))
            rows.append({"id": n, "organisation_id": organisation, "email": email,
                         "name": f"Bench User {n}", "role": role, "password_hash": password_hash,
                         "is_active_account": True, "timezone": self.rng.choice(zones),
                         "digest_hour": 8, "lead_business_days": 3, "is_email_enabled": True,
                         "created_at": self.now - timedelta(days=365 * YEARS)})
        load.insert(User.__table__, rows)

    def agencies(self, load: Loader) -> None:
        codes = list(JURISDICTIONS)
        places = [w.capitalize() for w in pseudo_words(self.rng, self.counts.agencies, set())]
        local = [(AgencyKind.police, Level.city, "Police Department"),
                 (AgencyKind.sheriff, Level.county, "County Sheriff's Office"),
                 (AgencyKind.prosecutor, Level.county, "County District Attorney"),
                 (AgencyKind.city_administration, Level.city, "City Manager's Office"),
                 (AgencyKind.school_district, Level.other, "Unified School District"),
                 (AgencyKind.transit, Level.other, "Transit Authority")]
        self.agencies_in = defaultdict(list)
        self.agency_jurisdiction = {}
        rows = []
        for n in range(1, self.counts.agencies + 1):
            code = codes[(n - 1) % len(codes)]
            if code == "US":
                kind, level, suffix = AgencyKind.federal_agency, Level.federal, "Federal Bureau"
            else:
                kind, level, suffix = local[self.rng.randrange(len(local))]
            name = f"{places[n - 1]} {suffix}"
            self.agencies_in[code].append(n)
            self.agency_jurisdiction[n] = code
            rows.append({"id": n, "name": name, "jurisdiction": code, "level": level,
                         "kind": kind, "records_officer": "Records Officer",
                         "email": f"records{n}@agency.bench.example", "portal_url": "",
                         "postal_address": "", "notes": "",
                         "created_at": self.now - timedelta(days=365 * YEARS)})
        load.insert(Agency.__table__, rows)

    def tags(self, load: Loader) -> None:
        rows = []
        for organisation in self.org_codes:
            for k, name in enumerate(STANDARD_TECHNOLOGIES):
                rows.append({"id": (organisation - 1) * len(STANDARD_TECHNOLOGIES) + k + 1,
                             "organisation_id": organisation, "name": name})
        load.insert(Tag.__table__, rows)

    def _plan_requests(self) -> list[tuple]:
        """Return (organisation, sent_on or None, agency) per request, oldest first, drafts last."""
        organisations = list(self.org_codes)[1:]
        all_agencies = list(self.agency_jurisdiction)
        plan = []
        for _ in range(self.counts.requests):
            large = self.rng.random() < LARGE_SHARE
            organisation = 1 if large else self.rng.choices(organisations,
                                                            cum_weights=self.org_weights)[0]
            home = self.org_home[organisation]
            if home and self.rng.random() < 0.7:
                agency = self.rng.choice(self.agencies_in[home])
            else:
                agency = self.rng.choice(all_agencies)
            draft = self.rng.random() < 0.015
            sent_on = None if draft else END_DATE - timedelta(days=self.rng.randrange(365 * YEARS))
            plan.append((organisation, sent_on, agency))
        plan.sort(key=lambda p: (p[1] is None, p[1] or END_DATE))
        return plan

    def requests(self, load: Loader) -> None:
        plan = self._plan_requests()
        target = END_DATE - timedelta(days=500)
        detail_index = min((i for i, (o, sent, _) in enumerate(plan) if o == 1 and sent),
                           key=lambda i: abs((plan[i][1] - target).days))
        self.detail_request_id = detail_index + 1
        numbers = defaultdict(int)
        self.request_info = {}
        #: (communication id, request id, date) of every release: documents come with them.
        self.releases = []
        self.agency_requests = defaultdict(int)
        comm_id = 0
        requests, communications, tags = [], [], []
        for index, (organisation, sent_on, agency) in enumerate(plan):
            request_id = index + 1
            year = (sent_on or END_DATE).year
            numbers[organisation, year] += 1
            number = numbers[organisation, year]
            users = self.users_of[organisation]
            assignee = self.rng.choice(users) if self.rng.random() < 0.9 else None
            channel = self.rng.choice(list(Channel))
            technology = self.rng.randrange(len(STANDARD_TECHNOLOGIES))
            title = f"{STANDARD_TECHNOLOGIES[technology]} records: contracts, policies and audits"
            entries, status, received_on = [], Status.draft, None
            if sent_on is not None:
                received_on = sent_on + timedelta(days=self.rng.randint(0, 3)
                                                  if channel is Channel.mail else 0)
                age = (END_DATE - sent_on).days
                # Young requests have had less time to gather a timeline.
                length = (DETAIL_COMMUNICATIONS if request_id == self.detail_request_id
                          else min(self.rng.randint(4, 17), 1 + age // 7))
                kinds, status = timeline_kinds(self.rng, length, age)
                entries = self._entries(kinds, sent_on, channel, comm_id)
                comm_id += len(entries)
                for entry in entries:
                    communications.append(self._communication(entry, request_id, users))
                    if entry.kind in RELEASES:
                        self.releases.append((entry.id, request_id, entry.occurred_on))
            summary = summarise(status, {}) if received_on is None else self._deadlines(
                DeadlineInputs(self.agency_jurisdiction[agency], received_on, sent_on,
                               channel.name, status, 10, tuple(entries)), status)
            last = entries[-1].occurred_on if entries else END_DATE
            requests.append({
                "id": request_id, "organisation_id": organisation, "year": year,
                "number": number, "agency_id": agency, "title": title,
                "body": f"Under the public records law we request all records about "
                        f"{STANDARD_TECHNOLOGIES[technology].lower()} since {year - 3}: contracts, "
                        "purchase orders, invoices, policies, audits and nondisclosure agreements.",
                "sent_on": sent_on, "channel": channel if sent_on else None,
                "received_on": received_on, "status": status, "deadlines": summary.deadlines,
                "next_due_on": summary.next_due_on, "next_clock": summary.next_clock,
                "estimated_on": summary.estimated_on, "assignee_id": assignee,
                "created_by_id": users[0],
                "created_at": self._instant(sent_on or END_DATE), "updated_at": self._instant(last)})
            tag_base = (organisation - 1) * len(STANDARD_TECHNOLOGIES) + 1
            tags.append({"request_id": request_id, "tag_id": tag_base + technology})
            if self.rng.random() < 0.25:
                other = (technology + self.rng.randrange(1, len(STANDARD_TECHNOLOGIES))) \
                    % len(STANDARD_TECHNOLOGIES)
                tags.append({"request_id": request_id, "tag_id": tag_base + other})
            self.request_info[request_id] = (organisation, f"{self.org_codes[organisation]}-"
                                              f"{year}-{number:04d}", users)
            if organisation == 1:
                self.agency_requests[agency] += 1
            if len(communications) >= 5 * BATCH:
                self._flush(load, requests, communications, tags)
        self._flush(load, requests, communications, tags)

    def _flush(self, load, requests, communications, tags) -> None:
        load.insert(RecordsRequest.__table__, requests)
        load.insert(request_tag, tags)
        load.insert(Communication.__table__, communications)
        requests.clear(), communications.clear(), tags.clear()

    def _deadlines(self, inputs: DeadlineInputs, status: Status):
        started = time.perf_counter()
        try:
            summary = summarise(status, clocks_of(inputs, {}),
                                timeline_events(inputs).agency_estimated_on)
        except NoRuleInForce:
            # An extension notice before the first researched rule of its jurisdiction: the
            # app's timeline_events raises here too (reported); store no clocks, as clocks_of would.
            summary = summarise(status, {})
        self.deadline_seconds = getattr(self, "deadline_seconds", 0) + time.perf_counter() - started
        return summary

    def _entries(self, kinds: list[Kind], sent_on: date, channel: Channel, last_id: int) -> list:
        age = (END_DATE - sent_on).days
        span = min(age, 20 + 25 * len(kinds))
        offsets = sorted(self.rng.randint(1, span) if span else 0 for _ in kinds[1:])
        entries = []
        for n, (kind, offset) in enumerate(zip(kinds, [0] + offsets)):
            on = sent_on + timedelta(days=offset)
            extension_days = estimated_on = None
            if kind is Kind.extension_notice:
                extension_days = self.rng.choice((10, 10, 15, 30, None))
            if kind in (Kind.acknowledgment, Kind.extension_notice) and self.rng.random() < 0.3:
                estimated_on = on + timedelta(days=self.rng.randint(20, 90))
            summary = SUMMARIES[kind].format(channel=channel.value.lower())
            entries.append(Entry(last_id + n + 1, kind, on, extension_days, summary, estimated_on))
        return entries

    def _communication(self, entry: Entry, request_id: int, users: list[int]) -> dict:
        direction = expected_direction(entry.kind) or (
            Direction.sent if entry.kind is Kind.closure else self.rng.choice(list(Direction)))
        return {"id": entry.id, "request_id": request_id, "direction": direction,
                "kind": entry.kind, "occurred_on": entry.occurred_on, "summary": entry.summary,
                "body": "" if self.rng.random() < 0.7 else self.vocabulary.page(self.rng)[:600],
                "extension_days": entry.extension_days, "estimated_on": entry.estimated_on,
                "created_by_id": self.rng.choice(users),
                "created_at": self._instant(entry.occurred_on)}

    @staticmethod
    def _instant(day: date) -> datetime:
        return datetime(day.year, day.month, day.day, 15, 0, tzinfo=timezone.utc)
