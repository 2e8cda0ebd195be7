"""JSON, Markdown, DOCX and print-ready HTML exports, parsed back."""

import html
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import pytest
from docx import Document as WordDocument
from sqlalchemy import insert

from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db

from .conftest import FORMULAS, download
from .test_tabular import letter_export, list_export


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_json_has_the_letter_and_its_items_in_footnote_order(
        via, evidence, client, login, export_with_cli):
    data = json.loads(letter_export(via, "json", evidence, client, login, export_with_cli))
    assert set(data) == {"letter", "items"}
    assert data["letter"]["title"] == "Stop buying face recognition"
    assert data["letter"]["letter_date"] == "2026-04-01"
    assert data["letter"]["signatories"] == ["Jane Doe, ACLU of Oregon", "John Roe"]
    items = data["items"]
    assert [(i["footnote_number"], i["evidence_item_id"]) for i in items] == [
        (1, evidence.purchase.id), (2, evidence.licence.id), (3, evidence.statement.id)]
    first = items[0]
    assert first["amount"] == "12500.00" and items[1]["amount"] == "1234567.89"
    assert (first["fact_date"], first["date_received"]) == ("2026-01-05", "2026-03-12")
    assert first["exhibit_number"] == evidence.contract.exhibit_number
    assert first["sha256"] == evidence.contract.sha256
    assert (first["page_from"], first["page_to"], first["pages"]) == (4, None, "p. 4")
    assert first["footnote_text"].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 4.")
    assert items[2]["amount"] is None and items[2]["vendor"] == ""
    # Every item has every key, so consumers can rely on the shape.
    assert len({tuple(item) for item in items}) == 1


@pytest.mark.parametrize("via", ["web", "cli"])
def test_evidence_list_json_has_no_letter_and_keeps_text_as_typed(
        via, evidence, client, login, export_with_cli):
    data = json.loads(list_export(via, "json", evidence, client, login, export_with_cli))
    assert data["letter"] is None
    assert {item["footnote_number"] for item in data["items"]} == {None}
    # Formula neutralisation is for spreadsheets only: JSON carries the exact text.
    assert set(FORMULAS) <= {item["description"] for item in data["items"]}


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_markdown_turns_citations_into_footnotes(
        via, evidence, client, login, export_with_cli):
    text = letter_export(via, "md", evidence, client, login, export_with_cli).decode()
    assert text.startswith("# Stop buying face recognition\n")
    assert "[@E" not in text
    assert re.findall(r"\[\^(\d+)\](?!:)", text) == ["1", "2", "3", "1"]
    notes = re.findall(r"^\[\^(\d+)\]: (.+)$", text, re.MULTILINE)
    assert [number for number, _ in notes] == ["1", "2", "3"]
    assert notes[0][1].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 4.")
    assert notes[1][1].endswith(f"Exhibit {evidence.invoice.exhibit_number}, pp. 1–2.")
    assert text.index("John Roe") < text.index("[^1]:")


def test_evidence_list_markdown_is_a_numbered_list_of_footnotes(evidence, client, login):
    login(evidence.user)
    text = download(client, "/evidence/export/md?purchases=y&sort=date_asc").decode()
    entries = re.findall(r"^(\d+)\. (.+)$", text, re.MULTILINE)
    assert [number for number, _ in entries] == ["1", "2"]
    assert entries[0][1].endswith(f"Exhibit {evidence.invoice.exhibit_number}, pp. 1–2.")
    assert entries[1][1].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 4.")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """Return (style, text) per paragraph, superscript runs as ^n and footnote references as [n]."""
    document = WordDocument(io.BytesIO(data))
    return [(p.style.name, "".join(_run_text(r) for r in p.runs)) for p in document.paragraphs]


def _run_text(run) -> str:
    reference = run.element.find(f"{W}footnoteReference")
    if reference is not None:
        return f"[{reference.get(W + 'id')}]"
    return "^" + run.text if run.font.superscript else run.text


def docx_footnotes(data: bytes) -> tuple[dict[str, str], list[str]]:
    """Return the footnotes part's notes by id, and the ids the body references, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = package.read("[Content_Types].xml").decode()
        relationships = package.read("word/_rels/document.xml.rels").decode()
        notes = ElementTree.fromstring(package.read("word/footnotes.xml"))
        body = ElementTree.fromstring(package.read("word/document.xml"))
    assert 'PartName="/word/footnotes.xml"' in types and "footnotes+xml" in types
    assert re.search(r'Type="[^"]+/relationships/footnotes" Target="footnotes.xml"', relationships) \
        or re.search(r'Target="footnotes.xml" Type="[^"]+/relationships/footnotes"', relationships)
    separators = [(n.get(W + "id"), n.get(W + "type")) for n in notes if n.get(W + "type")]
    assert separators == [("-1", "separator"), ("0", "continuationSeparator")]
    texts = {n.get(W + "id"): "".join(t.text or "" for t in n.iter(W + "t")).strip()
             for n in notes if not n.get(W + "type")}
    for note in notes:
        if not note.get(W + "type"):
            assert note.find(f".//{W}footnoteRef") is not None
    references = [r.get(W + "id") for r in body.iter(W + "footnoteReference")]
    for reference in body.iter(W + "r"):
        if reference.find(W + "footnoteReference") is not None:
            assert reference.find(f"{W}rPr/{W}rStyle").get(W + "val") == "FootnoteReference"
    return texts, references


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_docx_has_real_footnotes_numbered_as_in_the_html_letter(
        via, evidence, client, login, export_with_cli):
    data = letter_export(via, "docx", evidence, client, login, export_with_cli)
    paragraphs = docx_paragraphs(data)
    assert paragraphs[:4] == [
        ("Title", "Stop buying face recognition"), ("Normal", "April 1, 2026"),
        ("Normal", "Sheriff Pat Garrett\nHillsboro, OR"), ("Heading 2", "Findings")]
    assert paragraphs[4] == ("Normal", "The Sheriff bought Amazon Rekognition [1]. "
                                       "Portland paid Clearview AI [2].")
    # The repeated citation keeps its number (1), as in the HTML letter; it is not a new note.
    assert paragraphs[5:8] == [("List Bullet", "Photos are matched [3]"),
                               ("List Bullet", "It cost money ^1"),
                               ("Normal", "Read the report (https://example.org/report).")]
    assert [text for _, text in paragraphs[8:]] == ["Jane Doe, ACLU of Oregon", "John Roe"]
    notes, references = docx_footnotes(data)
    assert references == ["1", "2", "3"] and sorted(notes) == ["1", "2", "3"]
    assert notes["1"].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 4.")
    assert notes["2"].endswith(f"Exhibit {evidence.invoice.exhibit_number}, pp. 1–2.")
    assert notes["3"].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 2.")
    bold = [r.text for p in WordDocument(io.BytesIO(data)).paragraphs for r in p.runs if r.bold]
    assert bold == ["Amazon Rekognition"]


def test_evidence_list_docx_lists_each_item_with_its_footnote(evidence, client, login):
    login(evidence.user)
    data = download(client, "/evidence/export/docx?vendor=amazon")
    texts = [text for _, text in docx_paragraphs(data)]
    assert texts[0] == "Evidence list of ACLU of Oregon"
    assert f"1. Exhibit {evidence.contract.exhibit_number}, p. 4" in texts
    assert "Purchase order for Amazon Rekognition.[1]" in texts
    assert any("Amount: 12500.00 USD" in text for text in texts)
    assert f"SHA-256 of contract.pdf: {evidence.contract.sha256}" in texts
    notes, references = docx_footnotes(data)
    assert references == ["1"]
    assert notes["1"].endswith(f"Exhibit {evidence.contract.exhibit_number}, p. 4.")


def visible_text(page: str) -> str:
    without_style = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", without_style)))


@pytest.mark.parametrize("via", ["web", "cli"])
def test_letter_html_is_a_standalone_print_page_with_numbered_notes(
        via, evidence, client, login, export_with_cli):
    page = letter_export(via, "html", evidence, client, login, export_with_cli).decode()
    assert page.startswith("<!doctype html>") and "@page" in page
    assert "<script" not in page
    notes = re.findall(r'<li id="fn-(\d+)" value="\d+">(.*?)</li>', page)
    assert [number for number, _ in notes] == ["1", "2", "3"]
    assert html.unescape(notes[0][1]).startswith(
        "Records produced by the Washington County Sheriff's Office")
    assert re.findall(r'<sup class="fnref"><a href="#fn-(\d+)"', page) == ["1", "2", "3", "1"]
    text = visible_text(page)
    assert "Stop buying face recognition" in text and "Jane Doe, ACLU of Oregon" in text
    assert "Amount: 1234567.89 USD" in text
    assert text.index("Notes") < text.index("Evidence list")


def test_html_is_downloaded_not_shown_and_escapes_user_text(evidence, client, login):
    db.session.execute(insert(EvidenceItem).values(
        organisation_id=evidence.contract.organisation_id, document_id=evidence.contract.id,
        description='<script>alert("x")</script>', quotation="<img src=x onerror=alert(1)>"))
    db.session.commit()
    login(evidence.user)
    response = client.get("/evidence/export/html")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    # Its <style> block would break the app's CSP inline: it is a file to save and print.
    assert response.headers["Content-Disposition"].startswith("attachment;")
    page = response.text
    response.close()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "Evidence list of ACLU of Oregon" in visible_text(page)
