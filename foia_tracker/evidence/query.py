"""The evidence items a user may see, filtered and sorted in the database."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, contains_eager

from ..agencies.models import Agency
from ..documents.models import Document
from ..extensions import db
from ..records.models import RecordsRequest
from ..sql import contains
from .models import EvidenceItem

#: Sort keys offered to users: key -> (label, columns). Items without a date or an amount go
#: last either way (PostgreSQL would otherwise put NULLs first when descending, SQLite last).
SORTS = {
    "date": ("Date", (EvidenceItem.fact_date.desc().nulls_last(), EvidenceItem.id.desc())),
    "date_asc": ("Date, oldest first", (EvidenceItem.fact_date.asc().nulls_last(),
                                        EvidenceItem.id.asc())),
    "amount": ("Amount, largest first", (EvidenceItem.amount.desc().nulls_last(),
                                         EvidenceItem.id.desc())),
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
    #: Part of the agency's name, matched case-insensitively.
    agency_name: str = ""
    request_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    purchases_only: bool = False
    sort: str = "created"
    #: Two-letter code of the agency's state, e.g. OR.
    jurisdiction: str = ""


def is_purchase_condition():
    """Return the SQL twin of EvidenceItem.is_purchase."""
    return ((EvidenceItem.vendor != "") | (EvidenceItem.product != "")
            | EvidenceItem.amount.is_not(None) | (EvidenceItem.contract_number != ""))


#: Filter field -> the condition it adds when set; filtered() makes the joins the fields need.
_CONDITIONS = {
    "text": lambda text: (contains(EvidenceItem.description, text)
                          | contains(EvidenceItem.quotation, text)
                          | contains(EvidenceItem.product, text)
                          | contains(EvidenceItem.vendor, text)),
    "technology": lambda technology: EvidenceItem.technology == technology,
    "vendor": lambda vendor: contains(EvidenceItem.vendor, vendor),
    "agency_id": lambda agency_id: RecordsRequest.agency_id == agency_id,
    "request_id": lambda request_id: Document.request_id == request_id,
    "agency_name": lambda name: contains(Agency.name, name),
    "jurisdiction": lambda jurisdiction: Agency.jurisdiction == jurisdiction,
    "date_from": lambda first: EvidenceItem.fact_date >= first,
    "date_to": lambda last: EvidenceItem.fact_date <= last,
    "purchases_only": lambda _: is_purchase_condition(),
}


def evidence_items_query(organisation_id: int, filters: EvidenceFilters) -> Select:
    """Return the organisation's evidence items (of documents not deleted) matching filters."""
    query = filtered(select(EvidenceItem), organisation_id, filters, join_all=True).options(
        # Every list shows the exhibit, request and agency: load them from the same joins.
        contains_eager(EvidenceItem.document).contains_eager(Document.request)
        .contains_eager(RecordsRequest.agency))
    return query.order_by(*SORTS.get(filters.sort, SORTS["created"])[1])


def filtered(query: Select, organisation_id: int, filters: EvidenceFilters, *,
             join_all: bool = False) -> Select:
    """Add to a select of evidence items (or of aggregates over them) the joins and filters.

    The document, request and agency are joined only when a filter needs them (or join_all,
    for lists that show them): the purchase totals then read ix_evidence_item_org_purchase
    alone, and only ask whether each item's document was deleted.
    """
    needs_agency = join_all or bool(filters.agency_name or filters.jurisdiction)
    needs_request = needs_agency or filters.agency_id is not None
    query = query.select_from(EvidenceItem).where(
        EvidenceItem.organisation_id == organisation_id, _document_not_deleted())
    if needs_request or filters.request_id is not None:
        query = query.join(Document, EvidenceItem.document_id == Document.id)
    if needs_request:
        query = query.join(RecordsRequest, Document.request_id == RecordsRequest.id)
    if needs_agency:
        query = query.join(Agency, RecordsRequest.agency_id == Agency.id)
    for field, condition in _CONDITIONS.items():
        value = getattr(filters, field)
        if value is not None and value is not False and value != "":
            query = query.where(condition(value))
    return query


#: Deleted documents, apart from the documents a list joins to show.
_deleted = aliased(Document, name="deleted_document")


def _document_not_deleted():
    """Return the condition that an item's document is not deleted, as each database runs best."""
    if db.engine.dialect.name == "sqlite":
        # SQLite runs NOT EXISTS as one primary-key probe per item; NOT IN reads the few
        # deleted documents from ix_document_deleted once.
        return EvidenceItem.document_id.not_in(
            select(_deleted.id).where(_deleted.deleted_at.is_not(None)))
    # PostgreSQL plans NOT EXISTS as an anti-join against ix_document_deleted.
    return ~select(_deleted.id).where(_deleted.id == EvidenceItem.document_id,
                                      _deleted.deleted_at.is_not(None)) \
        .correlate(EvidenceItem).exists()
