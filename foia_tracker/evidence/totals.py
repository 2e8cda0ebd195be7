"""The purchase totals kept per organisation, technology, vendor and currency (PurchaseTotal).

The evidence services record each item's share before and after a change with `totals_change`,
in the change's own transaction; the purchases page then reads a few hundred rows instead of
adding up every purchase of the organisation on each view. A share is (1, 1 if it has an
amount, its amount in cents); an item that records no purchase has none.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from sqlalchemy import BigInteger, Connection, cast, delete, func, insert, literal, null, select
from sqlalchemy.dialects import postgresql, sqlite

from ..documents.models import Document
from ..extensions import db
from .models import EvidenceItem, PurchaseTotal
from .query import is_purchase_condition

_KEY = ("organisation_id", "technology", "vendor", "currency")


class Share(NamedTuple):
    """One item's part of the totals: under which key, and what it adds."""

    key: tuple[int, str, str, str]
    with_amount: int
    cents: int


def share_of(item: EvidenceItem) -> Share | None:
    """Return what the item adds to its organisation's totals (None: it records no purchase)."""
    if not item.is_purchase:
        return None
    key = (item.organisation_id, item.technology or "", item.vendor or "", item.currency or "")
    if item.amount is None:
        return Share(key, 0, 0)
    return Share(key, 1, amount_cents(item.amount))


def amount_cents(amount) -> int:
    """Return an amount in whole cents, rounded half up as the SQL recomputation rounds."""
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def totals_change(before: Share | None, after: Share | None) -> None:
    """Move the totals from an item's share before a change to its share after it."""
    if before == after:
        return
    if before is not None:
        _add(before, -1)
    if after is not None:
        _add(after, 1)


def _add(share: Share, sign: int) -> None:
    kept_sums_add(PurchaseTotal.__table__, _KEY, share.key, {
        "purchases": sign, "with_amount": sign * share.with_amount,
        "amount_cents": sign * share.cents})


def kept_sums_add(table, key_names: tuple[str, ...], key: tuple, amounts: dict[str, int]) -> None:
    """Add `amounts` to the kept row of `key` in `table`, making the row if it is missing.

    One upsert: concurrent changes to the same key add up in the database, never overwrite.
    """
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**dict(zip(key_names, key)), **amounts)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[table.c[name] for name in key_names],
        set_={name: table.c[name] + statement.excluded[name] for name in amounts}))


def stored_totals(organisation_id: int, technology: str = "") -> list[tuple]:
    """Return (technology, vendor, currency, purchases, with amount, cents) rows of the totals.

    Items of deleted documents are counted in the table and taken out here.
    """
    query = select(PurchaseTotal.technology, PurchaseTotal.vendor, PurchaseTotal.currency,
                   PurchaseTotal.purchases, PurchaseTotal.with_amount, PurchaseTotal.amount_cents
                   ).where(PurchaseTotal.organisation_id == organisation_id,
                           PurchaseTotal.purchases > 0)
    hidden = deleted_documents_totals(organisation_id)
    if technology:
        query = query.where(PurchaseTotal.technology == technology)
        hidden = hidden.where(EvidenceItem.technology == technology)
    totals = {row[:3]: list(row[3:]) for row in db.session.execute(query)}
    for *key, purchases, with_amount, cents in db.session.execute(hidden):
        kept = totals[tuple(key)]
        kept[0], kept[1], kept[2] = kept[0] - purchases, kept[1] - with_amount, kept[2] - cents
    return [(*key, *values) for key, values in totals.items() if values[0] > 0]


def deleted_documents_totals(organisation_id: int):
    """Return the grouped totals of the purchases on the organisation's deleted documents."""
    # From the few deleted documents (ix_document_deleted) to their items: the organisation is
    # compared, not looked up, or SQLite would walk all of its purchases to find them.
    deleted = select(Document.id).where(Document.deleted_at.is_not(None))
    return (
        select(EvidenceItem.technology, EvidenceItem.vendor, EvidenceItem.currency, func.count(),
               func.count(EvidenceItem.amount), func.coalesce(func.sum(_item_cents()), 0))
        .where(EvidenceItem.document_id.in_(deleted),
               func.coalesce(EvidenceItem.organisation_id, null()) == organisation_id,
               is_purchase_condition())
        .group_by(EvidenceItem.technology, EvidenceItem.vendor, EvidenceItem.currency))


def _item_cents():
    # Amounts have two decimals: rounding their hundredfold only drops binary float noise
    # (SQLite keeps NUMERIC as floating point).
    return cast(func.round(EvidenceItem.amount * 100), BigInteger)


def totals_rebuild(connection: Connection) -> None:
    """Recompute every organisation's totals from the items (after a bulk load past the services)."""
    connection.execute(delete(PurchaseTotal))
    grouped = (
        select(EvidenceItem.organisation_id, EvidenceItem.technology, EvidenceItem.vendor,
               EvidenceItem.currency, func.count(), func.count(EvidenceItem.amount),
               func.coalesce(func.sum(_item_cents()), literal(0)))
        .where(is_purchase_condition())
        .group_by(EvidenceItem.organisation_id, EvidenceItem.technology, EvidenceItem.vendor,
                  EvidenceItem.currency))
    connection.execute(insert(PurchaseTotal).from_select(
        [*_KEY, "purchases", "with_amount", "amount_cents"], grouped))
