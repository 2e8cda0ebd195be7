"""The ZIP evidence bundle: cited documents once each, a manifest and a verifiable SHA256SUMS."""

import csv
import io
import subprocess
import zipfile
from pathlib import Path

import pytest

from foia_tracker.storage import document_store

from ..stores import overwrite_stored, read_stored
from .conftest import download
from .test_tabular import letter_export


def unzip(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        archive.extractall(folder)
    return folder


def sha256sum_check(folder: Path) -> str:
    result = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manifest(folder: Path) -> list[dict]:
    text = (folder / "manifest.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_bundle_holds_only_the_cited_documents_once_and_verifies(
        via, evidence, client, login, export_with_cli, tmp_path):
    folder = unzip(letter_export(via, "zip", evidence, client, login, export_with_cli),
                   tmp_path / "bundle")
    contract = f"documents/{evidence.contract.exhibit_number}-contract.pdf"
    invoice = f"documents/{evidence.invoice.exhibit_number}-Uberwachung_invoice.pdf"
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert files == sorted(["SHA256SUMS", "manifest.csv", contract, invoice])
    assert (folder / contract).read_bytes() == read_stored(evidence.contract.sha256)
    assert (folder / invoice).read_bytes() == read_stored(evidence.invoice.sha256)
    assert (folder / contract).read_bytes().startswith(b"%PDF-")

    checked = sha256sum_check(folder)
    assert sorted(checked.splitlines()) == sorted(
        f"{name}: OK" for name in (contract, invoice, "manifest.csv"))
    sums = (folder / "SHA256SUMS").read_text().splitlines()
    assert f"{evidence.contract.sha256}  {contract}" in sums

    rows = manifest(folder)
    assert [(r["Footnote"], r["Evidence item"], r["File in bundle"]) for r in rows] == [
        ("1", str(evidence.purchase.id), contract), ("2", str(evidence.licence.id), invoice),
        ("3", str(evidence.statement.id), contract)]
    assert rows[0]["SHA-256 of the document"] == evidence.contract.sha256


def test_evidence_list_bundle_has_every_document_of_the_listed_items(
        evidence, client, login, tmp_path):
    login(evidence.user)
    folder = unzip(download(client, "/evidence/export/zip"), tmp_path / "bundle")
    sha256sum_check(folder)
    documents = sorted(p.name for p in (folder / "documents").iterdir())
    assert documents == sorted([f"{evidence.contract.exhibit_number}-contract.pdf",
                                f"{evidence.invoice.exhibit_number}-Uberwachung_invoice.pdf",
                                f"{evidence.uncited.exhibit_number}-memo.pdf"])
    rows = manifest(folder)
    assert len(rows) == 7
    # The manifest is a spreadsheet too: its formulas are neutralised like the CSV's.
    assert "'@SUM(A1)" in {row["Description"] for row in rows}


def test_a_changed_stored_file_stops_the_bundle(evidence, client, login, runner, tmp_path):
    overwrite_stored(evidence.invoice.sha256, b"%PDF-1.4 forged")
    login(evidence.user)
    response = client.get(f"/letters/{evidence.letter.id}/export/zip")
    assert response.status_code == 409
    assert evidence.invoice.exhibit_number in response.text
    output = tmp_path / "bundle.zip"
    result = runner.invoke(args=["export-evidence", "--letter", str(evidence.letter.id),
                                 "--format", "zip", "--output", str(output)])
    assert result.exit_code == 1
    assert f"exhibit {evidence.invoice.exhibit_number} no longer matches" in result.output
    assert not output.exists()
    assert list(document_store().staging_dir.iterdir()) == []
