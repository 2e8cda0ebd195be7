"""CSV and XLSX exports: one row per item, footnote order for a letter, formulas neutralised."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from .conftest import FORMULAS, download

LETTER_HEADINGS = ["Footnote", "Footnote text", "Exhibit", "Agency", "Jurisdiction", "Request",
                   "Request title", "Date received", "Document", "Page(s)", "Description",
                   "Quotation", "Technology", "Vendor", "Product", "Contract/PO number",
                   "Amount", "Currency", "Date", "SHA-256 of the document", "Evidence item"]


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(data: bytes) -> list[dict]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(values[0], row)) for row in values[1:]]


def letter_export(via, fmt, evidence, client, login, export_with_cli) -> bytes:
    if via == "web":
        login(evidence.user)
        return download(client, f"/letters/{evidence.letter.id}/export/{fmt}")
    return export_with_cli("--letter", str(evidence.letter.id), fmt=fmt).read_bytes()


def list_export(via, fmt, evidence, client, login, export_with_cli) -> bytes:
    if via == "web":
        login(evidence.user)
        return download(client, f"/evidence/export/{fmt}?sort=created")
    return export_with_cli("--organisation", "OR", fmt=fmt).read_bytes()


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_csv_lists_the_cited_items_once_each_in_footnote_order(
        via, evidence, client, login, export_with_cli):
    data = letter_export(via, "csv", evidence, client, login, export_with_cli)
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == LETTER_HEADINGS
    rows = csv_rows(data)
    assert [(r["Footnote"], r["Evidence item"]) for r in rows] == [
        ("1", str(evidence.purchase.id)), ("2", str(evidence.licence.id)),
        ("3", str(evidence.statement.id))]
    first = rows[0]
    assert first["Exhibit"] == evidence.contract.exhibit_number
    assert first["Agency"] == "Washington County Sheriff's Office"
    assert first["Jurisdiction"] == "Oregon"
    assert first["Request"] == evidence.contract.request.reference
    assert first["Date received"] == "2026-03-12"
    assert first["Document"] == "contract.pdf"
    assert first["Page(s)"] == "p. 4"
    assert (first["Vendor"], first["Product"], first["Contract/PO number"]) == (
        "Amazon Web Services", "Amazon Rekognition", "PO-77")
    assert (first["Amount"], first["Currency"], first["Date"]) == ("12500.00", "USD", "2026-01-05")
    assert first["SHA-256 of the document"] == evidence.contract.sha256
    assert first["Footnote text"].startswith(
        "Records produced by the Washington County Sheriff's Office (Oregon)")
    assert first["Footnote text"].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 4.")
    assert rows[1]["Amount"] == "1234567.89"
    assert rows[1]["Page(s)"] == "pp. 1–2"
    assert rows[1]["Document"] == "Überwachung invoice.pdf"


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_xlsx_has_the_same_rows_with_numeric_amounts(
        via, evidence, client, login, export_with_cli):
    rows = xlsx_rows(letter_export(via, "xlsx", evidence, client, login, export_with_cli))
    assert list(rows[0]) == LETTER_HEADINGS
    assert [row["Footnote"] for row in rows] == [1, 2, 3]
    assert [row["Evidence item"] for row in rows] == [
        evidence.purchase.id, evidence.licence.id, evidence.statement.id]
    assert Decimal(str(rows[0]["Amount"])) == Decimal("12500.00")
    assert Decimal(str(rows[1]["Amount"])) == Decimal("1234567.89")
    assert rows[0]["Date"].date().isoformat() == "2026-01-05"
    assert rows[2]["Amount"] is None
    assert rows[0]["SHA-256 of the document"] == evidence.contract.sha256


@pytest.mark.parametrize("via", ["web", "cli"])
def test_csv_neutralises_spreadsheet_formulas(via, evidence, client, login, export_with_cli):
    rows = csv_rows(list_export(via, "csv", evidence, client, login, export_with_cli))
    assert "Footnote" not in rows[0]  # only a letter's export has footnote columns
    descriptions = {row["Description"] for row in rows}
    assert {"'" + formula for formula in FORMULAS} <= descriptions
    assert not any(text.startswith(("=", "+", "-", "@")) for text in descriptions)
    assert len(rows) == 3 + len(FORMULAS)


@pytest.mark.parametrize("via", ["web", "cli"])
def test_xlsx_stores_formulas_as_text_typed(via, evidence, client, login, export_with_cli):
    data = list_export(via, "xlsx", evidence, client, login, export_with_cli)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    headings = [cell.value for cell in sheet[1]]
    column = headings.index("Description")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    # String cells are never evaluated, so they hold the text as typed, with no CSV apostrophe.
    assert all(cell.data_type == "s" for cell in cells)
    assert set(FORMULAS) <= {cell.value for cell in cells}
    assert not any(cell.value.startswith("'") for cell in cells)
    amounts = [row[headings.index("Amount")].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(a for a in amounts if a is not None) == [12500, 1234567.89]


def test_the_evidence_list_filters_choose_the_rows(evidence, client, login):
    login(evidence.user)
    rows = csv_rows(download(client, "/evidence/export/csv?vendor=clearview"))
    assert [row["Evidence item"] for row in rows] == [str(evidence.licence.id)]
    rows = csv_rows(download(client, "/evidence/export/csv?purchases=y&sort=amount"))
    assert [row["Evidence item"] for row in rows] == [
        str(evidence.licence.id), str(evidence.purchase.id)]


def test_cli_takes_the_evidence_list_filters_as_a_query_string(evidence, export_with_cli):
    path = export_with_cli("--organisation", "or", "--filters", "q=Rekognition", fmt="csv")
    assert [row["Evidence item"] for row in csv_rows(path.read_bytes())] == [
        str(evidence.purchase.id)]
