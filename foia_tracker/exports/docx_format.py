"""DOCX: the letter with superscript note numbers and its notes as endnotes, or an evidence list.

python-docx has no footnote API; the issue accepts endnotes, in a "Notes" section at the end.
"""

from typing import BinaryIO

from docx import Document as WordDocument

from ..letters.footnotes import long_date
from .cells import cell_text
from .docx_markdown import add_markdown
from .rows import EvidenceRow
from .subject import ExportSubject

NOTES_HEADING = "Notes"


def write_docx(subject: ExportSubject, out: BinaryIO) -> None:
    """Write the letter, or the evidence list of a filtered set, as a Word document."""
    document = WordDocument()
    if subject.letter is not None:
        _letter(document, subject)
    else:
        _evidence_list(document, subject)
    document.save(out)


def _letter(document, subject: ExportSubject) -> None:
    letter = subject.letter
    document.add_heading(letter.title, level=0)
    document.add_paragraph(long_date(letter.letter_date))
    if letter.addressee.strip():
        _lines_paragraph(document, letter.addressee.strip().splitlines())
    add_markdown(document, letter.body, letter.numbers)
    for signatory in letter.signatories:
        document.add_paragraph(signatory)
    document.add_heading(NOTES_HEADING, level=1)
    for row in subject.rows():
        paragraph = document.add_paragraph()
        paragraph.add_run(str(row.footnote_number)).font.superscript = True
        paragraph.add_run(" " + row.footnote_text)


def _evidence_list(document, subject: ExportSubject) -> None:
    # A document this big is built in memory by python-docx; the web and CLI accept that.
    document.add_heading(subject.heading, level=0)
    for number, row in enumerate(subject.rows(), start=1):
        document.add_heading(f"{number}. Exhibit {row.exhibit_number}"
                             + (f", {row.pages}" if row.pages else ""), level=2)
        document.add_paragraph(row.description)
        if row.quotation:
            document.add_paragraph(row.quotation, style="Quote")
        facts = _facts(row)
        if facts:
            document.add_paragraph(facts)
        document.add_paragraph(row.footnote_text)
        document.add_paragraph(f"SHA-256 of {row.document_name}: {row.sha256}")


def _facts(row: EvidenceRow) -> str:
    amount = f"{cell_text(row.amount)} {row.currency}".strip() if row.amount is not None else ""
    facts = (("Technology", row.technology), ("Vendor", row.vendor), ("Product", row.product),
             ("Contract/PO", row.contract_number), ("Amount", amount),
             ("Date", cell_text(row.fact_date)))
    return "; ".join(f"{label}: {value}" for label, value in facts if value)


def _lines_paragraph(document, lines: list[str]) -> None:
    paragraph = document.add_paragraph()
    for index, line in enumerate(lines):
        run = paragraph.add_run(line.strip())
        if index < len(lines) - 1:
            run.add_break()
