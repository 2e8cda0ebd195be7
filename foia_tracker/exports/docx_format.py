"""DOCX: the letter with its notes as real Word footnotes, or an evidence list with one per item."""

from typing import BinaryIO

from docx import Document as WordDocument

from ..letters.footnotes import long_date
from .cells import cell_text
from .docx_footnotes import Footnotes
from .docx_markdown import add_markdown, superscript_number
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
    texts = {row.footnote_number: row.footnote_text for row in subject.rows()}
    footnotes = Footnotes(document)

    def cite(paragraph, number: int) -> None:
        # Word numbers footnotes in the order they are referenced, as the HTML letter numbers
        # citations by first appearance; a citation repeated later repeats its number as text.
        if number in texts:
            footnotes.add(paragraph, texts.pop(number))
        else:
            superscript_number(paragraph, number)

    add_markdown(document, letter.body, letter.numbers, cite)
    for signatory in letter.signatories:
        document.add_paragraph(signatory)
    if texts:  # cited items the body no longer mentions keep their numbered note
        document.add_heading(NOTES_HEADING, level=1)
        for number, text in texts.items():
            paragraph = document.add_paragraph()
            superscript_number(paragraph, number)
            paragraph.add_run(" " + text)


def _evidence_list(document, subject: ExportSubject) -> None:
    # A document this big is built in memory by python-docx; the web and CLI accept that.
    document.add_heading(subject.heading, level=0)
    footnotes = Footnotes(document)
    for number, row in enumerate(subject.rows(), start=1):
        document.add_heading(f"{number}. Exhibit {row.exhibit_number}"
                             + (f", {row.pages}" if row.pages else ""), level=2)
        footnotes.add(document.add_paragraph(row.description), row.footnote_text)
        if row.quotation:
            document.add_paragraph(row.quotation, style="Quote")
        facts = _facts(row)
        if facts:
            document.add_paragraph(facts)
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
