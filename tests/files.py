"""Real files for tests: PDFs with known text per page, e-mails, Word files and ZIP archives."""

import io
import zipfile
from email.message import EmailMessage

from docx import Document as WordDocument
from fpdf import FPDF


def make_pdf(pages: list[str]) -> bytes:
    """Return a real PDF with one page per string, each page's text drawn on it."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def make_eml(subject: str, body: str, sender="records@sheriff.example.gov",
             to="staff@aclu-or.example.org", date="Thu, 12 Mar 2026 10:15:00 -0700") -> bytes:
    """Return a real RFC 5322 message with a plain-text body."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = date
    message.set_content(body)
    return bytes(message)


def make_docx(paragraphs: list[str]) -> bytes:
    """Return a real Word document with these paragraphs."""
    document = WordDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes]) -> bytes:
    """Return a real ZIP archive holding these files (name inside the archive -> bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
