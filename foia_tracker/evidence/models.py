"""Evidence items: excerpts of documents marked as evidence, with purchase facts."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DDL, BigInteger, ForeignKey, Index, Numeric, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..documents.models import Document
from ..extensions import db
from ..users.models import User


class EvidenceItem(db.Model):
    __audited__ = True
    __table_args__ = (
        # Covers the purchase totals (and the technology filter): the grouped query reads this
        # index, not the rows with their long quotations.
        Index("ix_evidence_item_org_purchase", "organisation_id", "technology", "vendor",
              "currency", "amount", "product", "contract_number", "document_id"),
        Index("ix_evidence_item_org_fact_date", "organisation_id", "fact_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    page_from: Mapped[int | None]
    page_to: Mapped[int | None]
    quotation: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text)
    # Facts about a surveillance purchase, where the excerpt shows one.
    technology: Mapped[str] = mapped_column(String(60), default="")
    vendor: Mapped[str] = mapped_column(String(200), default="", index=True)
    product: Mapped[str] = mapped_column(String(200), default="")
    contract_number: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    #: ISO 4217 code, e.g. USD.
    currency: Mapped[str] = mapped_column(String(3), default="")
    fact_date: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    document: Mapped[Document] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_purchase(self) -> bool:
        return bool(self.vendor or self.product or self.amount is not None
                    or self.contract_number)

    @property
    def audit_label(self) -> str:
        return f"Evidence {self.id}: {self.description[:80]}"

    def __str__(self) -> str:
        return self.description


# The purchases page lists the newest first, undated last (fact_date DESC NULLS LAST). A
# PostgreSQL index gives that order only when told NULLS LAST, which SQLite's CREATE INDEX does
# not accept; nor does SQLite need it (NULLs sort lowest there), so it gets the same index
# without the clause. Both databases then hold an index of this name for autogenerate.
DATE_ORDER_INDEX = "ix_evidence_item_org_date_order"
Index(DATE_ORDER_INDEX, EvidenceItem.organisation_id, EvidenceItem.fact_date.desc().nulls_last(),
      EvidenceItem.id.desc()).ddl_if(dialect="postgresql")
event.listen(EvidenceItem.__table__, "after_create", DDL(
    f"CREATE INDEX {DATE_ORDER_INDEX} ON evidence_item (organisation_id, fact_date DESC, id DESC)",
).execute_if(dialect="sqlite"))


class PurchaseTotal(db.Model):
    """Purchases of an organisation per technology, vendor and currency, with their amounts.

    Kept by the evidence services in the same transaction as the items (evidence.totals),
    counting the items of deleted documents too: the purchases page subtracts those, a handful,
    when it reads the totals, so deleting a document need not touch this table.
    """

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    technology: Mapped[str] = mapped_column(String(60), primary_key=True)
    vendor: Mapped[str] = mapped_column(String(200), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    #: Evidence items that record a purchase (EvidenceItem.is_purchase).
    purchases: Mapped[int] = mapped_column(default=0)
    #: Of those, the ones with an amount, and their amounts added up in whole cents.
    with_amount: Mapped[int] = mapped_column(default=0)
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class PurchaseChartTotal(db.Model):
    """Amounts of an organisation's purchases per technology, agency, year and currency.

    The purchases page's spend-by-agency and spend-by-year charts read these instead of adding
    up every purchase through its document and request. Kept like PurchaseTotal (same
    transaction, items of deleted documents counted and subtracted when read); only items with
    an amount count. A request moved to another agency moves its sums (evidence.chart_totals).
    """

    __table_args__ = (
        # The charts add up one organisation's sums in one currency by year or by agency: read
        # from this index alone, in year order, instead of a table row per sum.
        Index("ix_purchase_chart_total_org_currency", "organisation_id", "currency", "year",
              "agency_id", "technology", "with_amount", "amount_cents"),
    )

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True)
    technology: Mapped[str] = mapped_column(String(60), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    #: The year of the item's fact date; 0 when it has none.
    year: Mapped[int] = mapped_column(primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    #: Items with an amount, and their amounts added up in whole cents.
    with_amount: Mapped[int] = mapped_column(default=0)
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
