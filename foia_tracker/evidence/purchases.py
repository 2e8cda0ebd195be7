"""The purchases found across requests: which agencies bought what, when, for how much."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Select, cast, func, select
from wtforms import Form
from wtforms.validators import NumberRange, Optional, ValidationError

from ..agencies.models import Agency
from ..deadlines.jurisdictions import JURISDICTIONS
from ..documents.models import Document
from ..extensions import db
from ..orgs.models import Organisation
from ..records.forms import AgencyIdField, agency_name_field
from ..records.models import RecordsRequest
from ..web.date_field import IsoDateField
from ..web.forms import WholeNumberField, options, text
from .filters import ListChoiceField, technology_choices
from .models import EvidenceItem
from .query import SORTS, EvidenceFilters, filtered
from .totals import stored_totals

#: Sorts offered on the purchases page, a subset of the evidence list's.
PURCHASE_SORTS = ("date", "date_asc", "amount", "vendor", "agency")
#: Sorts by a column of another table than the evidence items'.
JOINED_SORTS = ("agency", "exhibit")
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
#: Vendors listed in the summary; the rest are in the table.
TOP_VENDORS = 10
_SYMBOLS = {"USD": "$", "CAD": "$", "AUD": "$", "NZD": "$", "MXN": "$", "EUR": "€", "GBP": "£",
            "JPY": "¥"}


def format_amount(amount: Decimal | None, currency: str) -> str:
    """Return an amount as "$12,500.00 USD": the code is always shown, no float rounding."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{_SYMBOLS.get(currency, '')}{abs(amount):,.2f} {currency}".strip()


class PurchaseFilterForm(Form):
    """The filters of GET /evidence/purchases (a plain form: GET, nothing to protect)."""

    technology = ListChoiceField("Technology", default="",
                                 choices=technology_choices("Any technology"),
                                 invalid="Choose a technology from the list.")
    vendor = text("Vendor", max=200)
    agency = AgencyIdField("Agency")
    agency_name = agency_name_field()
    jurisdiction = ListChoiceField("Jurisdiction", default="", choices=[],
                                   invalid="Choose a jurisdiction from the list.")
    year = WholeNumberField("Year", validators=[Optional(), NumberRange(
        EARLIEST_YEAR, LATEST_YEAR, message=f"Enter a year between {EARLIEST_YEAR} and {LATEST_YEAR}.")])
    date_from = IsoDateField("Dated from", validators=[Optional()])
    date_to = IsoDateField("Dated until", validators=[Optional()])
    sort = ListChoiceField("Sort by", default="date",
                           choices=options((key, SORTS[key][0]) for key in PURCHASE_SORTS),
                           invalid="Choose a sort order from the list.")

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction.choices = options([("", "Any jurisdiction")] + list(jurisdictions))

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the range is before its start.")

    def filters(self) -> EvidenceFilters:
        """Return the validated filters, a year narrowed to its dates."""
        date_from, date_to = self.date_from.data, self.date_to.data
        if self.year.data:
            date_from = max(date_from or date.min, date(self.year.data, 1, 1))
            date_to = min(date_to or date.max, date(self.year.data, 12, 31))
        return EvidenceFilters(
            technology=self.technology.data or "", vendor=self.vendor.data or "",
            agency_id=self.agency.data, agency_name=self.agency_name.data or "",
            jurisdiction=self.jurisdiction.data or "",
            date_from=date_from, date_to=date_to, purchases_only=True,
            sort=self.sort.data or "date")


def purchase_ids_query(organisation_id: int, filters: EvidenceFilters) -> Select:
    """Return the ids of the organisation's purchases, filtered and sorted, to page through."""
    # Ids only (purchase_rows reads the lines of one page), joined to their documents, requests
    # and agencies only when the order needs them: sorting the organisation's purchases alone
    # is cheap, sorting their joins to every document and request is not.
    query = filtered(select(EvidenceItem.id), organisation_id,
                     replace(filters, purchases_only=True),
                     join_all=filters.sort in JOINED_SORTS)
    return query.order_by(*SORTS.get(filters.sort, SORTS["created"])[1])


@dataclass(frozen=True, slots=True)
class PurchaseRow:
    """One line of the purchases table: plain values, not four ORM objects."""

    id: int
    fact_date: date | None
    technology: str
    vendor: str
    product: str
    contract_number: str
    amount: Decimal | None
    currency: str
    document_id: int
    exhibit_number: str
    request_id: int
    request_reference: str
    agency_name: str
    agency_jurisdiction_name: str


def purchase_rows(ids: list[int]) -> list[PurchaseRow]:
    """Return the table lines of the purchases with these ids, in the order of the ids."""
    if not ids:
        return []
    rows = db.session.execute(
        select(EvidenceItem.id, EvidenceItem.fact_date, EvidenceItem.technology,
               EvidenceItem.vendor, EvidenceItem.product, EvidenceItem.contract_number,
               EvidenceItem.amount, EvidenceItem.currency, Document.id.label("document_id"),
               Document.exhibit_number, RecordsRequest.id.label("request_id"),
               Organisation.code, RecordsRequest.year, RecordsRequest.number,
               Agency.name.label("agency_name"), Agency.jurisdiction)
        .join(Document, Document.id == EvidenceItem.document_id)
        .join(RecordsRequest, RecordsRequest.id == Document.request_id)
        .join(Organisation, Organisation.id == RecordsRequest.organisation_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .where(EvidenceItem.id.in_(ids)))
    by_id = {row.id: row for row in rows}
    return [_purchase_row(by_id[item_id]) for item_id in ids if item_id in by_id]


def _purchase_row(row) -> PurchaseRow:
    return PurchaseRow(
        id=row.id, fact_date=row.fact_date, technology=row.technology, vendor=row.vendor,
        product=row.product, contract_number=row.contract_number, amount=row.amount,
        currency=row.currency, document_id=row.document_id, exhibit_number=row.exhibit_number,
        request_id=row.request_id,
        request_reference=RecordsRequest.format_reference(row.code, row.year, row.number),
        agency_name=row.agency_name,
        agency_jurisdiction_name=JURISDICTIONS[row.jurisdiction].name)


@dataclass(frozen=True)
class Total:
    currency: str
    amount: Decimal
    #: How many purchases of this currency have an amount.
    count: int

    @property
    def formatted(self) -> str:
        return format_amount(self.amount, self.currency)


@dataclass(frozen=True)
class Group:
    """Purchases sharing a technology or a vendor, with their totals per currency."""

    name: str
    count: int
    totals: list[Total]


@dataclass(frozen=True)
class PurchaseSummary:
    totals: list[Total]
    by_technology: list[Group]
    by_vendor: list[Group]
    #: How many purchases match, the page's total too (so the list is not counted again).
    count: int = 0


#: Filters the kept totals (PurchaseTotal) can answer; the others need the purchases added up.
_KEPT_TOTALS_FILTERS = frozenset({"technology", "purchases_only", "sort"})


def purchase_summary(organisation_id: int, filters: EvidenceFilters) -> PurchaseSummary:
    """Return totals per currency and per technology and vendor, for the filtered purchases."""
    if {name for name, value in vars(filters).items() if value} <= _KEPT_TOTALS_FILTERS:
        # All of the organisation's purchases, or one technology's: the kept totals.
        rows = stored_totals(organisation_id, filters.technology)
    else:
        rows = summed_totals(organisation_id, filters)
    return summary_of(rows)


def summed_totals(organisation_id: int, filters: EvidenceFilters) -> list[tuple]:
    """Return (technology, vendor, currency, purchases, with amount, cents) of the filtered purchases."""
    # One grouped query read from ix_evidence_item_org_purchase alone (at coalition scale a
    # few hundred (technology, vendor, currency) rows).
    query = filtered(
        select(EvidenceItem.technology, EvidenceItem.vendor, EvidenceItem.currency, func.count(),
               func.count(EvidenceItem.amount), cents_sum()),
        organisation_id, replace(filters, purchases_only=True),
    ).group_by(EvidenceItem.technology, EvidenceItem.vendor, EvidenceItem.currency)
    return [tuple(row) for row in db.session.execute(query)]


def summary_of(rows: list[tuple]) -> PurchaseSummary:
    """Fold (technology, vendor, currency, purchases, with amount, cents) rows both ways."""
    by_technology = _groups(((t, c, n, a, cents) for t, _, c, n, a, cents in rows))
    by_vendor = _groups(((v, c, n, a, cents) for _, v, c, n, a, cents in rows))
    return PurchaseSummary(totals=_merge(t for group in by_technology for t in group.totals),
                           by_technology=by_technology, by_vendor=by_vendor[:TOP_VENDORS],
                           count=sum(group.count for group in by_technology))


def _groups(rows) -> list[Group]:
    """Fold (name, currency, rows, rows with an amount, cents) into groups, largest first."""
    counts: dict[str, int] = {}
    cents_of: dict[tuple[str, str], list[int]] = {}
    for name, currency, count, with_amount, cents in rows:
        counts[name] = counts.get(name, 0) + count
        if with_amount:
            seen = cents_of.setdefault((name, currency), [0, 0])
            seen[0] += cents
            seen[1] += with_amount
    totals: dict[str, list[Total]] = {}
    for (name, currency), (cents, with_amount) in cents_of.items():
        totals.setdefault(name, []).append(Total(currency, cents_amount(cents), with_amount))
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    return [Group(name, counts[name], _merge(totals.get(name, []))) for name in ranked]


def _merge(totals) -> list[Total]:
    """Return the totals added up per currency, by currency code."""
    merged: dict[str, Total] = {}
    for total in totals:
        seen = merged.get(total.currency)
        merged[total.currency] = total if seen is None else Total(
            total.currency, seen.amount + total.amount, seen.count + total.count)
    return [merged[code] for code in sorted(merged)]


def cents_sum():
    """Return the SQL sum of the amounts, in whole cents."""
    if db.engine.dialect.name == "sqlite":
        # SQLite keeps NUMERIC values as binary floats; adding whole cents keeps totals exact.
        return func.sum(cast(func.round(EvidenceItem.amount * 100), BigInteger))
    # Exact decimals: multiplied once per group, not once per row.
    return func.sum(EvidenceItem.amount) * 100


def cents_amount(cents) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))
