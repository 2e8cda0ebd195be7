"""The purchases page's charts: spend by year, by agency and by vendor.

Years and agencies come from the kept sums (evidence.chart_totals) when the page's filters are
ones they can answer, else from the purchases added up in SQL; vendors from the page's summary.

Amounts in different currencies cannot share an axis: the charts show the currency most of
the filtered purchases were paid in, and the page says what they leave out.
"""

from sqlalchemy import func, select

from ..agencies.models import Agency
from ..charts import Chart, Point
from ..extensions import db
from .chart_totals import CHART_TOTALS_FILTERS, chart_sums
from .models import EvidenceItem
from .purchases import PurchaseSummary, cents_amount, cents_sum
from .query import EvidenceFilters, filtered

#: Agencies and vendors charted, the largest spenders; the tables below them list the same.
TOP = 10
#: URL name -> chart title, in the order the page shows them.
CHART_TITLES = {"years": "Spend by year", "agencies": "Spend by agency",
                "vendors": "Spend by vendor"}


def charted_currency(summary: PurchaseSummary) -> str | None:
    """Return the currency with the most purchases that have an amount (None: no amounts)."""
    totals = [total for total in summary.totals if total.count]
    return max(totals, key=lambda total: (total.count, total.amount)).currency if totals else None


def purchase_chart(kind: str, organisation_id: int, filters: EvidenceFilters,
                   summary: PurchaseSummary, currency: str) -> Chart:
    """Return one of the CHART_TITLES charts of the filtered purchases paid in `currency`."""
    if kind in ("years", "agencies") and _kept_sums_answer(filters):
        points = _kept(kind, organisation_id, filters, currency)
    elif kind == "years":
        points = _by_year(organisation_id, filters, currency)
    elif kind == "agencies":
        points = _by_agency(organisation_id, filters, currency)
    else:
        points = _by_vendor(summary, currency)
    label_name = {"years": "Year", "agencies": "Agency", "vendors": "Vendor"}[kind]
    return Chart(title=CHART_TITLES[kind], label_name=label_name, unit=currency,
                 points=tuple(points), horizontal=kind != "years")


def _kept_sums_answer(filters: EvidenceFilters) -> bool:
    # Text, vendor, request and date filters select items the kept sums cannot tell apart:
    # those views add up the filtered purchases in SQL (_by_year, _by_agency) as before.
    return {name for name, value in vars(filters).items() if value} <= CHART_TOTALS_FILTERS


def _kept(kind: str, organisation_id: int, filters: EvidenceFilters, currency: str) -> list[Point]:
    sums = chart_sums(organisation_id, filters, currency, kind)
    if kind == "years":
        return [Point(str(year), cents_amount(sums[year])) for year in sorted(sums)]
    # The TOP largest, ties broken by name as _by_agency does: names are looked up only for
    # the agencies that can place (those spending at least the TOP-th largest sum).
    threshold = sorted(sums.values(), reverse=True)[:TOP][-1] if sums else 0
    placing = [agency_id for agency_id, cents in sums.items() if cents >= threshold]
    names = dict(db.session.execute(
        select(Agency.id, Agency.name).where(Agency.id.in_(placing))).all())
    ranked = sorted(((names[agency_id], cents) for agency_id, cents in sums.items()
                     if agency_id in names), key=lambda pair: (-pair[1], pair[0]))[:TOP]
    return [Point(name, cents_amount(cents)) for name, cents in ranked]


def _in_currency(query, currency: str):
    return query.where(EvidenceItem.currency == currency, EvidenceItem.amount.is_not(None))


def _by_year(organisation_id: int, filters: EvidenceFilters, currency: str) -> list[Point]:
    year = func.extract("year", EvidenceItem.fact_date)
    query = _in_currency(filtered(select(year, cents_sum()), organisation_id, filters), currency)
    rows = db.session.execute(
        query.where(EvidenceItem.fact_date.is_not(None)).group_by(year).order_by(year))
    return [Point(str(int(found)), cents_amount(cents)) for found, cents in rows]


def _by_agency(organisation_id: int, filters: EvidenceFilters, currency: str) -> list[Point]:
    spent = cents_sum().label("spent")
    query = _in_currency(filtered(select(Agency.name, spent), organisation_id, filters,
                                  join_all=True), currency)
    rows = db.session.execute(
        query.group_by(Agency.id, Agency.name).order_by(spent.desc(), Agency.name).limit(TOP))
    return [Point(name, cents_amount(cents)) for name, cents in rows]


def _by_vendor(summary: PurchaseSummary, currency: str) -> list[Point]:
    # The page's summary has already added up each vendor's purchases per currency.
    points = [Point(group.name or "(not stated)", total.amount)
              for group in summary.by_vendor for total in group.totals
              if total.currency == currency]
    return sorted(points, key=lambda point: point.value, reverse=True)[:TOP]
