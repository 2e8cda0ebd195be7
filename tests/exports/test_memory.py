"""Exports stream: peak memory for four times the items is not four times the peak."""

import os
import tracemalloc
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import insert

from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.evidence.query import EvidenceFilters
from foia_tracker.exports.registry import FORMATS
from foia_tracker.exports.services import export_to_path
from foia_tracker.exports.subject import filtered_subject
from foia_tracker.extensions import db
from foia_tracker.orgs.models import Organisation

SMALL, LARGE = 1000, 4000


def add_items(documents, count: int) -> None:
    rows = [{"organisation_id": documents[0].organisation_id,
             "document_id": documents[n % len(documents)].id, "page_from": 1 + n % 4,
             "description": f"Item {n}: " + "a long description of a purchase " * 6,
             "quotation": "quoted text " * 20, "vendor": "Amazon Web Services",
             "product": "Amazon Rekognition", "amount": Decimal("12500.00"), "currency": "USD",
             "fact_date": date(2026, 1, 5)} for n in range(count)]
    db.session.execute(insert(EvidenceItem), rows)
    db.session.commit()


def content_size(path) -> int:
    """Return the file's size, uncompressed for ZIP-based formats (XLSX, the bundle)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    return path.stat().st_size


def peak_bytes(subject, fmt: str, path) -> int:
    db.session.expire_all()
    tracemalloc.start()
    try:
        export_to_path(subject, FORMATS[fmt], path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# DOCX is left out: python-docx builds the whole document in memory by design.
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "md", "html", "zip"])
def test_export_memory_stays_flat_as_the_items_grow(fmt, evidence, tmp_path):
    documents = [evidence.contract, evidence.invoice, evidence.uncited]
    subject = filtered_subject(db.session.get(Organisation, evidence.user.organisation_id),
                               EvidenceFilters())
    add_items(documents, SMALL)
    peak_bytes(subject, fmt, tmp_path / f"warm-up.{fmt}")  # imports and statement caches
    small = peak_bytes(subject, fmt, tmp_path / f"small.{fmt}")
    add_items(documents, LARGE - SMALL)
    large = peak_bytes(subject, fmt, tmp_path / f"large.{fmt}")
    assert content_size(tmp_path / f"large.{fmt}") > 3 * content_size(tmp_path / f"small.{fmt}")
    # Holding every item would make this ~4; streaming keeps it near 1. Generous bound.
    assert large < 2 * small, (small, large)


def test_a_large_document_is_bundled_and_verified_in_chunks(
        evidence, make_document, runner, tmp_path):
    size = 24 * 1024 * 1024
    large = make_document(evidence.contract.request, os.urandom(size), name="scan.pdf")
    db.session.execute(insert(EvidenceItem).values(
        organisation_id=large.organisation_id, document_id=large.id, description="Big scan."))
    db.session.commit()
    subject = filtered_subject(db.session.get(Organisation, evidence.user.organisation_id),
                               EvidenceFilters(text="Big scan"))
    output = tmp_path / "bundle.zip"
    assert peak_bytes(subject, "zip", output) < size / 4
    with zipfile.ZipFile(output) as archive:
        assert archive.getinfo(f"documents/{large.exhibit_number}-scan.pdf").file_size == size
    tracemalloc.start()
    try:
        assert runner.invoke(args=["verify-documents"]).exit_code == 0
        assert tracemalloc.get_traced_memory()[1] < size / 4
    finally:
        tracemalloc.stop()
