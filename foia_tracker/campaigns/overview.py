"""What a campaign page shows across its members: linked requests, counts, who still waits.

Only request metadata is read here (agency, title, dates, status, deadlines) and counts of
documents and shared items: never a document's content or a note.
"""

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import contains_eager

from ..agencies.models import Agency
from ..communications.status import OPEN_STATUSES, Status
from ..deadlines.jurisdictions import JURISDICTIONS
from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from ..sql import looked_up
from .grants import member_ids, shared_items_query
from .models import Campaign, CampaignMember, CampaignRequest, CampaignShare, MembershipStatus

SORTS = {"deadline": "Next deadline", "state": "State", "agency": "Agency",
         "organisation": "Organisation", "status": "Status"}


@dataclass(frozen=True)
class CampaignFilters:
    jurisdiction: str = ""
    organisation_id: int | None = None
    #: "", "open" or a Status name.
    status: str = ""
    is_overdue_only: bool = False
    sort: str = "deadline"


class LinkedRequest(NamedTuple):
    id: int
    organisation_id: int
    organisation_name: str
    reference: str
    title: str
    agency_name: str
    jurisdiction: str
    status: Status
    sent_on: date | None
    next_due_on: date | None
    documents: int
    shared_items: int

    @property
    def jurisdiction_name(self) -> str:
        return state_name(self.jurisdiction)

    def is_overdue(self, today: date) -> bool:
        return self.next_due_on is not None and self.next_due_on < today


class Waiting(NamedTuple):
    """Open requests of one affiliate to one agency, in one state."""

    jurisdiction: str
    agency_name: str
    organisation_name: str
    requests: int
    next_due_on: date | None


class SharedEvidence(NamedTuple):
    """One shared item as the campaign page lists it."""

    item_id: int
    document_id: int
    exhibit_number: str
    page_from: int | None
    page_to: int | None
    description: str
    quotation: str | None
    organisation_name: str
    share_id: int
    share_organisation_id: int


def state_name(code: str) -> str:
    return JURISDICTIONS[code].name if code in JURISDICTIONS else code


def memberships(campaign_id: int) -> list[CampaignMember]:
    """Return the campaign's members and invitations, lead first, then by name."""
    return list(db.session.scalars(_memberships_statement(), {"campaign_id": campaign_id}))


# The campaign page's statements that do not depend on its filters are built once, with
# parameters: building them cost about as much as running them.
@cache
def _memberships_statement() -> Select:
    is_lead = CampaignMember.organisation_id == Campaign.lead_organisation_id
    return (select(CampaignMember).join(Organisation)
            .join(Campaign, Campaign.id == CampaignMember.campaign_id)
            .where(CampaignMember.campaign_id == bindparam("campaign_id"))
            .order_by(case((is_lead, 0), else_=1), Organisation.name)
            .options(contains_eager(CampaignMember.organisation)))  # the page names each


def linked_ids_query(campaign_id: int, filters: CampaignFilters, today: date) -> Select:
    """Return a SELECT of the ids of the members' linked requests matching the filters."""
    query = (select(RecordsRequest.id)
             .join(CampaignRequest, CampaignRequest.request_id == RecordsRequest.id)
             .where(CampaignRequest.campaign_id == campaign_id,
                    CampaignRequest.organisation_id.in_(member_ids(campaign_id))))
    if filters.jurisdiction or filters.sort in ("state", "agency"):
        # Every request has its agency: joined only to filter or sort by it (the list and its
        # count read a thousand links of the benchmark's campaign, and the join was a third).
        query = query.join(Agency, Agency.id == RecordsRequest.agency_id)
    if filters.jurisdiction:
        query = query.where(Agency.jurisdiction == filters.jurisdiction)
    if filters.organisation_id is not None:
        query = query.where(CampaignRequest.organisation_id == filters.organisation_id)
    if filters.status == "open":
        query = query.where(RecordsRequest.status.in_(OPEN_STATUSES))
    elif filters.status:
        query = query.where(RecordsRequest.status == Status[filters.status])
    if filters.is_overdue_only:
        query = query.where(RecordsRequest.next_due_on < today)
    return query.order_by(*_order(filters.sort), RecordsRequest.id)


def _order(sort: str) -> list:
    if sort == "state":
        return [Agency.jurisdiction, Agency.name]
    if sort == "agency":
        return [Agency.name]
    if sort == "organisation":
        return [CampaignRequest.organisation_id, RecordsRequest.year, RecordsRequest.number]
    if sort == "status":
        return [RecordsRequest.status]
    return [RecordsRequest.next_due_on.asc().nulls_last()]


def linked_requests(campaign_id: int, request_ids: list[int]) -> list[LinkedRequest]:
    """Return the rows of one page of linked requests, in the order of the ids given."""
    if not request_ids:
        return []
    rows_statement, documents_statement, shared_statement = _linked_statements()
    rows = db.session.execute(rows_statement, {"ids": request_ids})
    documents = dict(db.session.execute(documents_statement, {"ids": request_ids}).all())
    shared = dict(db.session.execute(
        shared_statement, {"ids": request_ids, "campaign_id": campaign_id}).all())
    by_id = {}
    for (request_id, organisation_id, name, code, year, number, title, agency, jurisdiction,
         status, sent_on, next_due_on) in rows:
        by_id[request_id] = LinkedRequest(
            request_id, organisation_id, name, RecordsRequest.format_reference(code, year, number),
            title, agency, jurisdiction, status, sent_on, next_due_on,
            documents.get(request_id, 0), shared.get(request_id, 0))
    return [by_id[request_id] for request_id in request_ids if request_id in by_id]


@cache
def _linked_statements() -> tuple[Select, Select, Select]:
    """Return the statements of linked_requests: its rows, documents and shared documents.

    Parameters: ids (the page's request ids), campaign_id (the shared count).
    """
    r = RecordsRequest
    ids = bindparam("ids", expanding=True)
    # Names looked up row by row (sql.looked_up): joined, PostgreSQL hashed every agency.
    rows = (select(r.id, r.organisation_id,
                   looked_up(Organisation.name, Organisation.id, r.organisation_id),
                   looked_up(Organisation.code, Organisation.id, r.organisation_id),
                   r.year, r.number, r.title, looked_up(Agency.name, Agency.id, r.agency_id),
                   looked_up(Agency.jurisdiction, Agency.id, r.agency_id), r.status, r.sent_on,
                   r.next_due_on)
            .where(r.id.in_(ids)))
    documents = (select(Document.request_id, func.count())
                 .where(Document.request_id.in_(ids), Document.deleted_at.is_(None))
                 .group_by(Document.request_id))
    shared = (select(Document.request_id, func.count())
              .join(CampaignShare, CampaignShare.document_id == Document.id)
              .where(CampaignShare.campaign_id == bindparam("campaign_id"),
                     Document.request_id.in_(ids), Document.deleted_at.is_(None))
              .group_by(Document.request_id))
    return rows, documents, shared


def shared_evidence(campaign_id: int, share_ids: list[int]) -> list[SharedEvidence]:
    """Return the rows of one page of shares in force (shared_share_ids), in the same order."""
    if not share_ids:
        return []
    rows = db.session.execute(_shared_evidence_statement(),
                              {"campaign_id": campaign_id, "share_ids": share_ids})
    return [SharedEvidence(*row) for row in rows]


@cache
def _shared_evidence_statement() -> Select:
    # Columns, not entities: four objects a row (item, document, request, organisation) cost
    # more than the rest of the page's queries together.
    return (shared_items_query(bindparam("campaign_id")).with_only_columns(
        EvidenceItem.id, Document.id, Document.exhibit_number, EvidenceItem.page_from,
        EvidenceItem.page_to, EvidenceItem.description, EvidenceItem.quotation,
        Organisation.name, CampaignShare.id, CampaignShare.organisation_id,
        maintain_column_froms=False)
        .join(Organisation, Organisation.id == Document.organisation_id)
        .where(CampaignShare.id.in_(bindparam("share_ids", expanding=True))))


def waiting_by_state(campaign_id: int) -> dict[str, list[Waiting]]:
    """Return {state name: open requests per agency and affiliate}, states and agencies by name."""
    rows = db.session.execute(_waiting_statement(), {"campaign_id": campaign_id})
    states: dict[str, list[Waiting]] = {}
    for jurisdiction, agency, organisation, count, due in rows:
        states.setdefault(state_name(jurisdiction), []).append(
            Waiting(jurisdiction, agency, organisation, count, due))
    return dict(sorted(states.items()))


@cache
def _waiting_statement() -> Select:
    campaign_id = bindparam("campaign_id")
    return (select(Agency.jurisdiction, Agency.name, Organisation.name, func.count(),
                   func.min(RecordsRequest.next_due_on))
            .select_from(CampaignRequest)
            .join(RecordsRequest, RecordsRequest.id == CampaignRequest.request_id)
            .join(Agency, Agency.id == RecordsRequest.agency_id)
            .join(Organisation, Organisation.id == CampaignRequest.organisation_id)
            .where(CampaignRequest.campaign_id == campaign_id,
                   CampaignRequest.organisation_id.in_(member_ids(campaign_id)),
                   RecordsRequest.status.in_(OPEN_STATUSES))
            .group_by(Agency.jurisdiction, Agency.name, Organisation.name)
            .order_by(Agency.jurisdiction, Agency.name, Organisation.name))


def member_organisations(campaign_id: int) -> list[tuple[int, str]]:
    """Return (id, name) of the campaign's member organisations, by name."""
    return db.session.execute(_member_organisations_statement(), {"campaign_id": campaign_id}).all()


@cache
def _member_organisations_statement() -> Select:
    return (select(Organisation.id, Organisation.name)
            .join(CampaignMember, CampaignMember.organisation_id == Organisation.id)
            .where(CampaignMember.campaign_id == bindparam("campaign_id"),
                   CampaignMember.status == MembershipStatus.member)
            .order_by(Organisation.name))
