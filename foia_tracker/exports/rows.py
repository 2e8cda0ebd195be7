"""The shared row model of every export: one flat row per evidence item, read in batches.

Rows are read as plain columns, not ORM objects, so an export of 10,000 items never holds
10,000 items with their documents, requests and agencies in the session at once.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, select

from ..agencies.models import Agency
from ..coalition_letters.models import CampaignLetterCitation
from ..communications.models import Communication
from ..deadlines.jurisdictions import JURISDICTIONS
from ..documents.models import Document
from ..evidence.models import EvidenceItem
from ..evidence.query import EvidenceFilters, evidence_items_query
from ..extensions import db
from ..letters.footnotes import Source, footnote_text, page_reference
from ..letters.models import LetterCitation
from ..orgs.models import Organisation
from ..records.models import RecordsRequest

#: Rows fetched from the database per round trip (and held in memory at most).
BATCH_SIZE = 500


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence item with everything an export shows about it."""

    evidence_item_id: int
    document_id: int
    is_document_deleted: bool
    exhibit_number: str
    agency: str
    jurisdiction: str
    request_reference: str
    request_title: str
    date_received: date | None
    document_name: str
    page_from: int | None
    page_to: int | None
    description: str
    quotation: str
    technology: str
    vendor: str
    product: str
    contract_number: str
    amount: Decimal | None
    currency: str
    fact_date: date | None
    sha256: str
    footnote_number: int | None
    footnote_text: str
    #: The organisation that obtained the record (a column of campaign exports only).
    organisation: str = ""

    @property
    def pages(self) -> str:
        return page_reference(self.page_from, self.page_to)


@dataclass(frozen=True)
class Column:
    """A column of the CSV/XLSX exports: the row attribute it shows and its heading."""

    key: str
    heading: str


COLUMNS = (
    Column("exhibit_number", "Exhibit"),
    Column("agency", "Agency"),
    Column("jurisdiction", "Jurisdiction"),
    Column("request_reference", "Request"),
    Column("request_title", "Request title"),
    Column("date_received", "Date received"),
    Column("document_name", "Document"),
    Column("pages", "Page(s)"),
    Column("description", "Description"),
    Column("quotation", "Quotation"),
    Column("technology", "Technology"),
    Column("vendor", "Vendor"),
    Column("product", "Product"),
    Column("contract_number", "Contract/PO number"),
    Column("amount", "Amount"),
    Column("currency", "Currency"),
    Column("fact_date", "Date"),
    Column("sha256", "SHA-256 of the document"),
    Column("evidence_item_id", "Evidence item"),
)

#: Only a letter's export has footnotes; they lead so each row reads like the letter's note.
FOOTNOTE_COLUMNS = (
    Column("footnote_number", "Footnote"),
    Column("footnote_text", "Footnote text"),
)


#: A campaign's exports cover several organisations' records: each row names its own.
ORGANISATION_COLUMN = Column("organisation", "Organisation")


def columns_for(is_letter: bool, names_organisation: bool = False) -> tuple[Column, ...]:
    """Return the CSV/XLSX columns of a letter's export or of a filtered set's."""
    columns = FOOTNOTE_COLUMNS + COLUMNS if is_letter else COLUMNS
    return (ORGANISATION_COLUMN,) + columns if names_organisation else columns


_SELECTED = (
    EvidenceItem.id, EvidenceItem.document_id, Document.deleted_at, Document.exhibit_number,
    Agency.name, Agency.jurisdiction, Organisation.code, RecordsRequest.year,
    RecordsRequest.number, RecordsRequest.title, Communication.occurred_on,
    Document.uploaded_at, Document.original_name, EvidenceItem.page_from, EvidenceItem.page_to,
    EvidenceItem.description, EvidenceItem.quotation, EvidenceItem.technology,
    EvidenceItem.vendor, EvidenceItem.product, EvidenceItem.contract_number,
    EvidenceItem.amount, EvidenceItem.currency, EvidenceItem.fact_date, Document.sha256,
    Organisation.name,
)


def filtered_rows(organisation_id: int, filters: EvidenceFilters) -> Iterator[EvidenceRow]:
    """Yield the rows of the organisation's evidence items matching filters, in their sort."""
    query = evidence_items_query(organisation_id, filters).with_only_columns(
        *_SELECTED, maintain_column_froms=False)
    return _rows(_with_sources(query), numbered=False)


def shared_rows(shared_item_ids: Select) -> Iterator[EvidenceRow]:
    """Yield the rows of the items shared into a campaign, by organisation and exhibit."""
    query = (select(*_SELECTED)
             .join(Document, EvidenceItem.document_id == Document.id)
             .join(RecordsRequest, Document.request_id == RecordsRequest.id)
             .join(Agency, RecordsRequest.agency_id == Agency.id)
             .where(EvidenceItem.id.in_(shared_item_ids)))
    return _rows(_with_sources(query).order_by(Organisation.name, Document.exhibit_number,
                                               EvidenceItem.id),
                 numbered=False, names_organisation=True)


def letter_rows(letter_id: int, organisation_id: int) -> Iterator[EvidenceRow]:
    """Yield the rows of the items a letter cites, in footnote order."""
    # The letter's own organisation only, whatever a citation row says.
    return _rows(_cited(LetterCitation, letter_id,
                        EvidenceItem.organisation_id == organisation_id), numbered=True)


def campaign_letter_rows(letter_id: int, shared_item_ids: Select) -> Iterator[EvidenceRow]:
    """Yield the rows of the items a coalition letter cites that are still shared, numbered.

    shared_item_ids selects the ids of the items shared into the letter's campaign; a
    citation of anything else (a revoked share) is left out: the letter shows it withdrawn.
    """
    return _rows(_cited(CampaignLetterCitation, letter_id, EvidenceItem.id.in_(shared_item_ids)),
                 numbered=True, names_organisation=True)


def _cited(citation, letter_id: int, condition) -> Select:
    """Select the rows of the items a letter's citation table cites that meet the condition."""
    return _with_sources(
        select(*_SELECTED, citation.number)
        .select_from(citation)
        .join(EvidenceItem, citation.evidence_item_id == EvidenceItem.id)
        .join(Document, EvidenceItem.document_id == Document.id)
        .join(RecordsRequest, Document.request_id == RecordsRequest.id)
        .join(Agency, RecordsRequest.agency_id == Agency.id)
        .where(citation.letter_id == letter_id, condition)
        .order_by(citation.number))


def _with_sources(query: Select) -> Select:
    return (query.join(Organisation, RecordsRequest.organisation_id == Organisation.id)
            .outerjoin(Communication, Document.communication_id == Communication.id))


def _rows(query: Select, *, numbered: bool,
          names_organisation: bool = False) -> Iterator[EvidenceRow]:
    # yield_per streams from a server-side cursor on PostgreSQL, in batches on SQLite.
    # `with`: a writer that fails half-way still closes the cursor when it drops the rows.
    with db.session.execute(query, execution_options={"yield_per": BATCH_SIZE}) as result:
        for values in result:
            yield _row(values, values[-1] if numbered else None, names_organisation)


def _row(values, footnote_number: int | None, names_organisation: bool = False) -> EvidenceRow:
    (item_id, document_id, deleted_at, exhibit, agency, jurisdiction, code, year, number,
     request_title, occurred_on, uploaded_at, document_name, page_from, page_to, description,
     quotation, technology, vendor, product, contract_number, amount, currency, fact_date,
     sha256, organisation) = values[:len(_SELECTED)]
    reference = f"{code}-{year}-{number:04d}"
    # As in footnotes.source_of: the release it came with, else the day it was uploaded.
    received = occurred_on if occurred_on is not None else uploaded_at.date()
    place = JURISDICTIONS[jurisdiction].name if jurisdiction in JURISDICTIONS else jurisdiction
    source = Source(agency_name=agency, jurisdiction_code=jurisdiction, jurisdiction_name=place,
                    request_reference=reference, received_on=received, exhibit_number=exhibit,
                    page_from=page_from, page_to=page_to,
                    obtained_by=organisation if names_organisation else "")
    return EvidenceRow(
        evidence_item_id=item_id, document_id=document_id,
        is_document_deleted=deleted_at is not None, exhibit_number=exhibit, agency=agency,
        jurisdiction=place, request_reference=reference, request_title=request_title,
        date_received=received, document_name=document_name, page_from=page_from,
        page_to=page_to, description=description, quotation=quotation, technology=technology,
        vendor=vendor, product=product, contract_number=contract_number,
        amount=None if amount is None else Decimal(amount), currency=currency,
        fact_date=fact_date, sha256=sha256, footnote_number=footnote_number,
        footnote_text=footnote_text(source), organisation=organisation)
