"""The campaigns of the data set: member organisations, linked requests, shared evidence.

Read from the database rather than from the generator's lists, so the same step runs inside
generate() and on a data set generated earlier (generate.py --add-campaigns). Deterministic from
the seed and the ids the data set was generated with (rows a benchmark wrote later are ignored).
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select

from foia_tracker.campaigns.models import (
    Campaign, CampaignMember, CampaignRequest, CampaignShare, MembershipStatus,
)
from foia_tracker.documents.models import Document, DocumentPage
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.records.models import STANDARD_TECHNOLOGIES, RecordsRequest
from foia_tracker.users.models import User

from .loader import Loader
from .settings import END_DATE, Counts
from .text import SURVEILLANCE_PHRASES

TABLES = [model.__table__ for model in (Campaign, CampaignMember, CampaignRequest, CampaignShare)]
#: The campaign the benchmarks read: led by the large organisation, whose user they log in as.
MEASURED_CAMPAIGN = 1


@dataclass(frozen=True)
class CampaignsLoaded:
    campaign_id: int
    #: A phrase search that finds pages of the measured campaign's shared documents.
    query: str
    query_pages: int


class CampaignSteps:
    """Insert `counts.campaigns` campaigns; `requests` and `items`: the data set's own ids."""

    def __init__(self, counts: Counts, seed: int, *, requests: int, items: int,
                 large_organisation_id: int = 1):
        self.counts = counts
        self.rng = random.Random(f"campaigns-{seed}")
        self.requests = requests
        self.items = items
        self.large = large_organisation_id

    def load(self, load: Loader) -> CampaignsLoaded:
        connection = load.connection
        self._read(connection)
        campaigns, members, links, shares = [], [], [], []
        link_quotas = _split(self.counts.campaign_requests, self.counts.campaigns)
        share_quotas = _split(self.counts.campaign_shares, self.counts.campaigns)
        share_id = 0
        for campaign_id in range(1, self.counts.campaigns + 1):
            started = END_DATE - timedelta(days=self.rng.randint(60, 900))
            lead, organisations = self._members(campaign_id)
            technology = STANDARD_TECHNOLOGIES[(campaign_id - 1) % len(STANDARD_TECHNOLOGIES)]
            campaigns.append({
                "id": campaign_id, "title": f"{technology} in policing, campaign {campaign_id}",
                "description": "A coalition's joint requests and the evidence they produced.",
                "technologies": technology, "lead_organisation_id": lead, "started_on": started,
                "created_by_id": self.users_of[lead][0], "created_at": _instant(started)})
            members += [{"campaign_id": campaign_id, "organisation_id": organisation,
                         "status": MembershipStatus.member,
                         "invited_by_id": self.users_of[lead][0],
                         "invited_at": _instant(started),
                         "responded_at": _instant(started + timedelta(days=2))}
                        for organisation in organisations]
            shared = self._shared_items(organisations, share_quotas[campaign_id - 1])
            # Items are shared from requests linked to the campaign (as the share form offers
            # them), so those requests come first; the rest are drawn from the members' own.
            linked = dict.fromkeys(self.item_request[item] for item in shared)
            pool = [r for organisation in organisations for r in self.requests_of[organisation]]
            for request_id in self.rng.sample(pool, min(len(pool), link_quotas[campaign_id - 1])):
                if len(linked) >= link_quotas[campaign_id - 1]:
                    break
                linked.setdefault(request_id)
            for request_id in linked:
                organisation = self.request_organisation[request_id]
                links.append({"campaign_id": campaign_id, "request_id": request_id,
                              "organisation_id": organisation,
                              "linked_by_id": self.rng.choice(self.users_of[organisation]),
                              "linked_at": self._after(started)})
            for item in shared:
                share_id += 1
                organisation, document = self.item_owner[item]
                shares.append({"id": share_id, "campaign_id": campaign_id,
                               "evidence_item_id": item, "organisation_id": organisation,
                               "document_id": document,
                               "shared_by_id": self.rng.choice(self.users_of[organisation]),
                               "shared_at": self._after(started)})
        for table, rows in zip(TABLES, (campaigns, members, links, shares)):
            load.insert(table, rows)
        query, pages = self._query(connection)
        return CampaignsLoaded(MEASURED_CAMPAIGN, query, pages)

    def _read(self, connection) -> None:
        self.users_of = defaultdict(list)
        for user_id, organisation in connection.execute(
                select(User.id, User.organisation_id).order_by(User.id)):
            self.users_of[organisation].append(user_id)
        self.organisations = sorted(o for o in self.users_of if o != self.large)
        self.requests_of = defaultdict(list)
        self.request_organisation = {}
        for request_id, organisation in connection.execute(
                select(RecordsRequest.id, RecordsRequest.organisation_id)
                .where(RecordsRequest.id <= self.requests).order_by(RecordsRequest.id)):
            self.requests_of[organisation].append(request_id)
            self.request_organisation[request_id] = organisation
        # Only items whose document has text: campaign search must find what was shared.
        self.items_of = defaultdict(list)
        self.item_owner, self.item_request = {}, {}
        for item, organisation, document, request_id in connection.execute(
                select(EvidenceItem.id, EvidenceItem.organisation_id, Document.id,
                       Document.request_id)
                .join(Document, EvidenceItem.document_id == Document.id)
                .where(EvidenceItem.id <= self.items, Document.extracted_pages > 0,
                       Document.deleted_at.is_(None),
                       Document.organisation_id == EvidenceItem.organisation_id,
                       Document.request_id <= self.requests)
                .order_by(EvidenceItem.id)):
            self.items_of[organisation].append(item)
            self.item_owner[item] = (organisation, document)
            self.item_request[item] = request_id

    def _members(self, campaign_id: int) -> tuple[int, list[int]]:
        """Return the lead and the member organisations (the lead first)."""
        size = min(self.counts.campaign_members, len(self.organisations) + 1)
        if campaign_id == MEASURED_CAMPAIGN:
            return self.large, [self.large, *self.rng.sample(self.organisations, size - 1)]
        everyone = [self.large, *self.organisations]
        organisations = self.rng.sample(everyone, size)
        return organisations[0], organisations

    def _shared_items(self, organisations: list[int], quota: int) -> list[int]:
        pool = [item for organisation in organisations for item in self.items_of[organisation]]
        return sorted(self.rng.sample(pool, min(len(pool), quota)))

    def _after(self, started) -> datetime:
        day = started + timedelta(days=self.rng.randint(0, max(1, (END_DATE - started).days)))
        return _instant(day) + timedelta(minutes=self.rng.randint(0, 600))

    def _query(self, connection) -> tuple[str, int]:
        """Return the surveillance phrase most pages of the measured campaign's shares contain."""
        documents = select(CampaignShare.document_id).where(
            CampaignShare.campaign_id == MEASURED_CAMPAIGN)
        pages = [text.lower() for text in connection.scalars(
            select(DocumentPage.text).where(DocumentPage.document_id.in_(documents)))]
        counts = {phrase: sum(phrase.lower() in text for text in pages)
                  for phrase, _ in SURVEILLANCE_PHRASES}
        phrase = max(counts, key=counts.get)
        return f'"{phrase}"', counts[phrase]


def campaigns_present(connection) -> int:
    """Return how many campaigns the database holds."""
    return connection.scalar(select(func.count()).select_from(Campaign))


def _split(total: int, parts: int) -> list[int]:
    return [total // parts + (n < total % parts) for n in range(parts)]


def _instant(day) -> datetime:
    return datetime.combine(day, time(9), timezone.utc)
