"""The purchase amounts kept per organisation, technology, agency, year and currency.

The sibling of evidence.totals for the purchases page's spend-by-agency and spend-by-year
charts (PurchaseChartTotal): the evidence services move an item's share in the change's own
transaction, a request edit that changes the agency moves the request's sums, and the page reads
a few hundred rows instead of joining every purchase to its document, request and agency. Items
of deleted documents stay counted and are taken out when read, as in evidence.totals.
"""

from functools import cache
from typing import NamedTuple

from sqlalchemy import (BigInteger, Connection, Integer, Select, bindparam, cast, delete, func,
                        insert, literal, null, select)

from ..agencies.models import Agency
from ..documents.models import Document
from ..extensions import db
from ..records.models import RecordsRequest
from ..sql import LIKE_ESCAPE, escape_like
from .models import EvidenceItem, PurchaseChartTotal
from .query import EvidenceFilters
from .totals import amount_cents, kept_sums_add

_KEY = ("organisation_id", "technology", "agency_id", "year", "currency")
#: Filters the kept sums can answer: a column of the table or of its agency. The others (text,
#: vendor, request, dates) need the purchases added up (evidence.purchase_charts falls back).
CHART_TOTALS_FILTERS = frozenset({"technology", "agency_id", "agency_name", "jurisdiction",
                                  "purchases_only", "sort"})


class ChartShare(NamedTuple):
    """One item's (or a group of items') part of the chart sums."""

    key: tuple[int, str, int, int, str]
    with_amount: int
    cents: int


def chart_share_of(item: EvidenceItem) -> ChartShare | None:
    """Return what the item adds to the chart sums (None: it has no amount)."""
    if item.amount is None:
        return None
    year = item.fact_date.year if item.fact_date else 0
    key = (item.organisation_id, item.technology or "", item.document.request.agency_id, year,
           item.currency or "")
    return ChartShare(key, 1, amount_cents(item.amount))


def chart_totals_change(before: ChartShare | None, after: ChartShare | None) -> None:
    """Move the sums from an item's share before a change to its share after it."""
    if before == after:
        return
    if before is not None:
        _add(before, -1)
    if after is not None:
        _add(after, 1)


def chart_totals_move_request(request_id: int, from_agency_id: int, to_agency_id: int) -> None:
    """Move the sums of a request's items (deleted documents' too) to its new agency."""
    if from_agency_id == to_agency_id:
        return
    columns = (EvidenceItem.organisation_id, EvidenceItem.technology,
               _year(EvidenceItem.fact_date), EvidenceItem.currency)
    rows = db.session.execute(
        _grouped(select(*columns)).join(Document, EvidenceItem.document_id == Document.id)
        .where(Document.request_id == request_id).group_by(*columns))
    for organisation_id, technology, year, currency, count, cents in rows:
        for agency_id, sign in ((from_agency_id, -1), (to_agency_id, 1)):
            key = (organisation_id, technology, agency_id, int(year), currency)
            _add(ChartShare(key, count, int(cents)), sign)


def _add(share: ChartShare, sign: int) -> None:
    kept_sums_add(PurchaseChartTotal.__table__, _KEY, share.key, {
        "with_amount": sign * share.with_amount, "amount_cents": sign * share.cents})


def chart_sums(organisation_id: int, filters: EvidenceFilters, currency: str,
               by: str) -> dict[int, int]:
    """Return {agency id or year: cents} of the purchases paid in `currency`.

    `by` is "agencies" or "years"; undated purchases have no year and are left out of those.
    Only for filters within CHART_TOTALS_FILTERS.
    """
    kept, hidden = _sums_statements(
        by, technology=bool(filters.technology), agency=filters.agency_id is not None,
        agency_name=bool(filters.agency_name), jurisdiction=bool(filters.jurisdiction))
    values = {"organisation_id": organisation_id, "currency": currency,
              "technology": filters.technology, "agency_id": filters.agency_id,
              "agency_name": f"%{escape_like(filters.agency_name)}%",
              "jurisdiction": filters.jurisdiction}
    sums = {}
    for key, with_amount, cents in db.session.execute(kept, values):
        sums[key] = [with_amount, cents]
    for key, with_amount, cents in db.session.execute(hidden, values):
        kept_sums = sums.setdefault(key, [0, 0])
        kept_sums[0], kept_sums[1] = kept_sums[0] - with_amount, kept_sums[1] - cents
    return {int(key): cents for key, (count, cents) in sums.items()
            if count > 0 and (key or by == "agencies")}


@cache
def _sums_statements(by: str, **shape: bool) -> tuple[Select, Select]:
    """Return the kept sums' statement and that of the deleted documents' items to take out.

    Built once for each shape of filters (which ones are set), with the values as parameters:
    the purchases page draws two charts a view, and building their four statements cost more
    than running them.
    """
    table = PurchaseChartTotal
    # The agency is joined only for a filter on its name or state: an organisation's sums are
    # thousands of rows (technology x agency x year), and a lookup of each one's agency was
    # most of the chart's cost.
    kept = select(table.agency_id if by == "agencies" else table.year,
                  func.sum(table.with_amount), func.sum(table.amount_cents)) \
        .where(table.organisation_id == bindparam("organisation_id"),
               table.currency == bindparam("currency"))
    hidden = _grouped(select(RecordsRequest.agency_id if by == "agencies"
                             else _year(EvidenceItem.fact_date))) \
        .join(Document, EvidenceItem.document_id == Document.id) \
        .join(RecordsRequest, Document.request_id == RecordsRequest.id) \
        .where(EvidenceItem.document_id.in_(_deleted_documents()),
               func.coalesce(EvidenceItem.organisation_id, null())
               == bindparam("organisation_id"),
               EvidenceItem.currency == bindparam("currency"))
    return (_filter(kept, table, table.agency_id, **shape),
            _filter(hidden, EvidenceItem, RecordsRequest.agency_id, **shape))


def _deleted_documents():
    # From the few deleted documents (ix_document_deleted) to their items, as
    # evidence.totals does: the organisation is compared, not looked up, or SQLite would walk
    # all of the organisation's purchases to find them.
    return select(Document.id).where(Document.deleted_at.is_not(None))


def _filter(query, table, agency_id, *, technology: bool, agency: bool, agency_name: bool,
            jurisdiction: bool):
    query = query.group_by(query.selected_columns[0])
    if technology:
        query = query.where(table.technology == bindparam("technology"))
    if agency:
        query = query.where(agency_id == bindparam("agency_id"))
    if agency_name or jurisdiction:
        query = query.join(Agency, agency_id == Agency.id)
    if agency_name:
        # The parameter is the pattern: the name's LIKE wildcards escaped, within %...%.
        query = query.where(Agency.name.ilike(bindparam("agency_name"), escape=LIKE_ESCAPE))
    if jurisdiction:
        query = query.where(Agency.jurisdiction == bindparam("jurisdiction"))
    return query


def _grouped(query):
    """Add to a select of item columns the count and cents of the items with an amount."""
    return query.add_columns(func.count(), func.coalesce(func.sum(_item_cents()), literal(0))) \
        .select_from(EvidenceItem).where(EvidenceItem.amount.is_not(None))


def _year(column):
    return func.coalesce(cast(func.extract("year", column), Integer), 0)


def _item_cents():
    # Amounts have two decimals: rounding their hundredfold only drops binary float noise.
    return cast(func.round(EvidenceItem.amount * 100), BigInteger)


def chart_totals_rebuild(connection: Connection) -> None:
    """Recompute every organisation's chart sums from the items (after a bulk load)."""
    connection.execute(delete(PurchaseChartTotal))
    year = _year(EvidenceItem.fact_date)
    grouped = _grouped(select(EvidenceItem.organisation_id, EvidenceItem.technology,
                              RecordsRequest.agency_id, year, EvidenceItem.currency)) \
        .join(Document, EvidenceItem.document_id == Document.id) \
        .join(RecordsRequest, Document.request_id == RecordsRequest.id) \
        .group_by(EvidenceItem.organisation_id, EvidenceItem.technology,
                  RecordsRequest.agency_id, year, EvidenceItem.currency)
    connection.execute(insert(PurchaseChartTotal).from_select(
        [*_KEY, "with_amount", "amount_cents"], grouped))
