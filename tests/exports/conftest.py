"""Fixtures for export tests: an organisation's real PDF releases, evidence items and a letter."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from foia_tracker.communications.services import communication_log
from foia_tracker.communications.status import Direction, Kind
from foia_tracker.documents.models import Document
from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.letters.models import Letter
from foia_tracker.letters.services import letter_create
from foia_tracker.users.models import User

from ..conftest import on_both_stores as pytest_generate_tests  # noqa: F401
from ..files import make_pdf

RELEASED_ON = date(2026, 3, 12)
CONTRACT_PAGES = ["Contract for face recognition services.",
                  "Statement of work: image matching against booking photos.",
                  "Term: two years.",
                  "Amazon Rekognition, purchase order PO-77, total 12,500.00 USD."]
INVOICE_PAGES = ["Invoice from Clearview AI.", "Licence fee 1,234,567.89 USD.", "Paid."]
#: Spreadsheet formulas a hostile or careless description might hold.
FORMULAS = ['=HYPERLINK("http://evil.example/x","Click")', "+1", "-2+3", "@SUM(A1)"]


@dataclass
class Evidence:
    user: User
    letter: Letter
    contract: Document
    invoice: Document
    uncited: Document
    purchase: EvidenceItem
    licence: EvidenceItem
    statement: EvidenceItem
    formulas: list[EvidenceItem]


@pytest.fixture
def evidence(app, make_user, make_organisation, make_agency, make_request, make_document):
    """Two released requests, three real PDFs, evidence items and a letter citing three items."""
    organisation = make_organisation(name="ACLU of Oregon", code="OR")
    user = make_user(organisation=organisation)
    sheriff = make_agency(name="Washington County Sheriff's Office", jurisdiction="OR")
    police = make_agency(name="Portland Police Bureau", jurisdiction="OR")
    contract = _release(make_request, make_document, user, sheriff, CONTRACT_PAGES, "contract.pdf")
    invoice = _release(make_request, make_document, user, police, INVOICE_PAGES,
                       "Überwachung invoice.pdf")
    uncited = make_document(contract.request, make_pdf(["Unrelated memo."]), name="memo.pdf",
                            page_count=1, user=user)
    purchase = _item(contract, "Purchase order for Amazon Rekognition.", 4, None,
                     quotation="Amazon Rekognition, purchase order PO-77, total 12,500.00 USD.",
                     technology="Face recognition", vendor="Amazon Web Services",
                     product="Amazon Rekognition", contract_number="PO-77",
                     amount=Decimal("12500.00"), currency="USD", fact_date=date(2026, 1, 5))
    licence = _item(invoice, "Clearview AI licence fee.", 1, 2, technology="Face recognition",
                    vendor="Clearview AI", product="Clearview AI", amount=Decimal("1234567.89"),
                    currency="USD", fact_date=date(2025, 11, 30))
    statement = _item(contract, "Images are matched against booking photos.", 2, None)
    formulas = [_item(uncited, text, 1, None) for text in FORMULAS]
    letter = letter_create(organisation_id=organisation.id, actor=user, values={
        "title": "Stop buying face recognition", "addressee": "Sheriff Pat Garrett\nHillsboro, OR",
        "letter_date": date(2026, 4, 1), "signatories": "Jane Doe, ACLU of Oregon\nJohn Roe",
        "body": (f"## Findings\n\nThe Sheriff bought **Amazon Rekognition** [@E{purchase.id}]. "
                 f"Portland paid *Clearview AI* [@E{licence.id}].\n\n"
                 f"- Photos are matched [@E{statement.id}]\n- It cost money [@E{purchase.id}]\n\n"
                 "Read [the report](https://example.org/report).")})
    return Evidence(user=user, letter=letter, contract=contract, invoice=invoice, uncited=uncited,
                    purchase=purchase, licence=licence, statement=statement, formulas=formulas)


def _release(make_request, make_document, user, agency, pages, name) -> Document:
    request = make_request(user, agency=agency, sent_on=date(2026, 3, 1))
    release = communication_log(request=request, actor=user, values={
        "direction": Direction.received, "kind": Kind.final_release,
        "occurred_on": RELEASED_ON, "summary": "Final release"})
    return make_document(request, make_pdf(pages), name=name, page_count=len(pages),
                         communication=release, user=user)


def _item(document, description, page_from, page_to, **values) -> EvidenceItem:
    item = EvidenceItem(organisation_id=document.organisation_id, document_id=document.id,
                        page_from=page_from, page_to=page_to, description=description, **values)
    db.session.add(item)
    db.session.commit()
    return item


@pytest.fixture
def export_with_cli(runner, tmp_path):
    """Return a function running `flask export-evidence` that returns the written file's path."""

    def export(*args: str, fmt: str) -> Path:
        output = tmp_path / f"cli-export.{fmt}"
        result = runner.invoke(args=["export-evidence", *args, "--format", fmt,
                                     "--output", str(output)])
        assert result.exit_code == 0, result.output
        return output

    return export


def download(client, url: str) -> bytes:
    """GET an export and return its bytes, checking it comes as an attachment."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = response.get_data()
    response.close()
    return data
