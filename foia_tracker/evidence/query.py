"""The evidence items a user may see, filtered and sorted in the database."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from ..agencies.models import Agency
from ..documents.models import Document
from ..records.models import RecordsRequest
from ..sql import contains
from .models import EvidenceItem

#: Sort keys offered to users: key -> (label, columns).
SORTS = {
    "date": ("Date", (EvidenceItem.fact_date.desc(), EvidenceItem.id.desc())),
    "date_asc": ("Date, oldest first", (EvidenceItem.fact_date.asc(), EvidenceItem.id.asc())),
    "amount": ("Amount, largest first", (EvidenceItem.amount.desc(), EvidenceItem.id.desc())),
    "vendor": ("Vendor", (EvidenceItem.vendor.asc(), EvidenceItem.id.asc())),
    "agency": ("Agency", (Agency.name.asc(), EvidenceItem.id.asc())),
    "exhibit": ("Exhibit", (Document.exhibit_number.asc(), EvidenceItem.page_from.asc(),
                            EvidenceItem.id.asc())),
    "created": ("Newest first", (EvidenceItem.id.desc(),)),
}


@dataclass(frozen=True)
class EvidenceFilters:
    text: str = ""
    technology: str = ""
    vendor: str = ""
    agency_id: int | None = None
    request_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    purchases_only: bool = False
    sort: str = "created"


def evidence_items_query(organisation_id: int, filters: EvidenceFilters) -> Select:
    """Return the organisation's evidence items (of documents not deleted) matching filters."""
    query = (
        select(EvidenceItem)
        .join(Document, EvidenceItem.document_id == Document.id)
        .join(RecordsRequest, Document.request_id == RecordsRequest.id)
        .join(Agency, RecordsRequest.agency_id == Agency.id)
        .where(EvidenceItem.organisation_id == organisation_id, Document.deleted_at.is_(None))
    )
    if filters.text:
        query = query.where(contains(EvidenceItem.description, filters.text)
                            | contains(EvidenceItem.quotation, filters.text)
                            | contains(EvidenceItem.product, filters.text)
                            | contains(EvidenceItem.vendor, filters.text))
    if filters.technology:
        query = query.where(EvidenceItem.technology == filters.technology)
    if filters.vendor:
        query = query.where(contains(EvidenceItem.vendor, filters.vendor))
    if filters.agency_id is not None:
        query = query.where(RecordsRequest.agency_id == filters.agency_id)
    if filters.request_id is not None:
        query = query.where(Document.request_id == filters.request_id)
    if filters.date_from is not None:
        query = query.where(EvidenceItem.fact_date >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(EvidenceItem.fact_date <= filters.date_to)
    if filters.purchases_only:
        query = query.where((EvidenceItem.vendor != "") | (EvidenceItem.product != "")
                            | EvidenceItem.amount.is_not(None)
                            | (EvidenceItem.contract_number != ""))
    return query.order_by(*SORTS.get(filters.sort, SORTS["created"])[1])
