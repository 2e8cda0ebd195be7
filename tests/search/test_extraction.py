"""Text extraction: real files in, pages of text out, progress and failures recorded."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from foia_tracker.documents.extraction import (
    ExtractionReport, extraction_claim, extraction_process, extraction_run,
)
from foia_tracker.documents.models import Document, DocumentPage, ExtractionStatus
from foia_tracker.extensions import db

from ..files import make_eml, make_pdf
from ..stores import remove_stored

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pages_of(document) -> list[tuple[int, str]]:
    return [(p.page_number, p.text) for p in db.session.scalars(
        select(DocumentPage).where(DocumentPage.document_id == document.id)
        .order_by(DocumentPage.page_number))]


def test_a_pdf_is_extracted_page_by_page(records_request, make_document, extract):
    document = make_document(records_request, make_pdf([
        "Contract 2026-117 with Clearview AI", "Invoice for Amazon Rekognition",
        "Non-disclosure agreement"]), page_count=3)
    report = extract()
    pages = pages_of(document)
    assert [number for number, _ in pages] == [1, 2, 3]
    assert "Clearview AI" in pages[0][1] and "Amazon Rekognition" in pages[1][1]
    assert "Non-disclosure agreement" in pages[2][1]
    assert document.extraction_status is ExtractionStatus.done
    assert document.extracted_pages == 3 and document.page_count == 3
    assert document.extracted_at is not None and document.extraction_error == ""
    assert (report.done, report.pages, report.failed) == (1, 3, 0)


def test_the_page_count_is_filled_in_when_the_upload_did_not_know_it(
        records_request, make_document, extract):
    document = make_document(records_request, make_pdf(["one", "two"]), page_count=None)
    extract()
    assert document.page_count == 2


def test_an_email_gives_its_headers_and_plain_body(records_request, make_document, extract):
    document = make_document(
        records_request, make_eml("Release of records", "Attached are the Rekognition invoices."),
        name="release.eml", media_type="message/rfc822")
    extract()
    [(number, text)] = pages_of(document)
    assert number == 1
    assert "From: records@sheriff.example.gov" in text
    assert "To: staff@aclu-or.example.org" in text
    assert "Subject: Release of records" in text and "Date: Thu, 12 Mar 2026" in text
    assert "Attached are the Rekognition invoices." in text


def test_an_html_only_email_gives_the_text_of_its_html(records_request, make_document, extract):
    html_mail = (b"From: clerk@city.example.gov\r\nTo: staff@example.org\r\nSubject: Records\r\n"
                 b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                 b"<html><head><style>p{color:red}</style><script>alert(1)</script></head>"
                 b"<body><p>Purchase order <b>PO-5521</b></p><p>for ShotSpotter</p></body></html>")
    document = make_document(records_request, html_mail, name="mail.eml",
                             media_type="message/rfc822")
    extract()
    [(_, text)] = pages_of(document)
    assert "Purchase order PO-5521" in text and "for ShotSpotter" in text
    assert "<b>" not in text and "alert(1)" not in text and "color:red" not in text


def test_a_word_file_gives_its_paragraphs_and_tables(records_request, make_document, extract):
    import io

    from docx import Document as WordDocument

    word = WordDocument()
    word.add_paragraph("Memorandum on license plate readers")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Vendor", "Amount"
    table.cell(1, 0).text, table.cell(1, 1).text = "Flock Safety", "$48,000"
    word.add_paragraph("Approved by the council")
    buffer = io.BytesIO()
    word.save(buffer)
    document = make_document(records_request, buffer.getvalue(), name="memo.docx", media_type=DOCX)
    extract()
    [(_, text)] = pages_of(document)
    assert text.splitlines() == ["Memorandum on license plate readers", "Vendor\tAmount",
                                 "Flock Safety\t$48,000", "Approved by the council"]


def test_plain_text_is_read_as_utf8_or_else_latin1(records_request, make_document, extract):
    utf8 = make_document(records_request, "Café contract – €9,000".encode(),
                         name="notes.txt", media_type="text/plain")
    latin1 = make_document(records_request, "Résumé of the contract".encode("latin-1"),
                           name="old.txt", media_type="text/plain")
    extract()
    assert pages_of(utf8) == [(1, "Café contract – €9,000")]
    assert pages_of(latin1) == [(1, "Résumé of the contract")]


def test_control_characters_never_reach_the_database(records_request, make_document, extract):
    document = make_document(records_request, b"before\x00\x02after\r\nnext line",
                             name="odd.txt", media_type="text/plain")
    extract()
    assert pages_of(document) == [(1, "before  after\nnext line")]


def test_a_corrupt_pdf_fails_with_a_readable_message_and_the_others_go_on(
        records_request, make_document, extract):
    broken = make_document(records_request, b"%PDF-1.7\nthis is not really a PDF", name="bad.pdf")
    good = make_document(records_request, make_pdf(["Still extracted"]), name="good.pdf")
    report = extract()
    assert broken.extraction_status is ExtractionStatus.failed
    assert broken.extraction_error.startswith("The file could not be read as a PDF")
    assert pages_of(broken) == []
    assert good.extraction_status is ExtractionStatus.done
    assert (report.done, report.failed) == (1, 1)


def test_a_missing_stored_file_fails_the_document_not_the_job(
        records_request, make_document, extract):
    document = make_document(records_request, make_pdf(["gone"]))
    remove_stored(document.sha256)
    extract()
    assert document.extraction_status is ExtractionStatus.failed
    assert "missing" in document.extraction_error


def test_types_without_text_are_skipped(records_request, make_document, extract):
    png = make_document(records_request, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="photo.png",
                        media_type="image/png")
    extract()
    assert png.extraction_status is ExtractionStatus.skipped and pages_of(png) == []


def test_soft_deleted_documents_are_not_extracted(records_request, make_document, extract):
    document = make_document(records_request, make_pdf(["hidden"]))
    document.deleted_at = datetime.now(timezone.utc)
    document.deletion_reason = "uploaded by mistake"
    db.session.commit()
    extract()
    assert document.extraction_status is ExtractionStatus.pending and pages_of(document) == []


def test_progress_is_committed_in_batches(records_request, make_document, monkeypatch):
    from foia_tracker.documents import extract as extract_module

    document = make_document(records_request, make_pdf([f"page {n}" for n in range(1, 8)]),
                             page_count=7)
    seen = []
    read_pages = extract_module.PdfText.pages

    def watched(source, first=1):
        for item in read_pages(source, first):
            # What the document page would show at this moment, read on another connection.
            with db.engine.connect() as reader:
                seen.append(reader.execute(
                    select(Document.extraction_status, Document.extracted_pages)
                    .where(Document.id == document.id)).one())
            yield item

    monkeypatch.setattr(extract_module.PdfText, "pages", watched)
    extraction_run(batch_pages=3)
    assert [tuple(row) for row in seen] == [(ExtractionStatus.running, 0)] * 3 + \
        [(ExtractionStatus.running, 3)] * 3 + [(ExtractionStatus.running, 6)]
    db.session.expire_all()
    assert (document.extraction_status, document.extracted_pages) == (ExtractionStatus.done, 7)


def test_a_claimed_document_is_not_claimed_by_a_second_worker(records_request, make_document):
    make_document(records_request, make_pdf(["only one worker"]))
    now = datetime.now(timezone.utc)
    first = extraction_claim(now=now, stale_before=now - timedelta(minutes=15))
    second = extraction_claim(now=now, stale_before=now - timedelta(minutes=15))
    assert first is not None and second is None


def test_a_stale_claim_is_taken_over_and_the_old_worker_writes_nothing(
        records_request, make_document):
    document = make_document(records_request, make_pdf(["first page", "second page"]))
    started = datetime.now(timezone.utc) - timedelta(hours=1)
    dead = extraction_claim(now=started, stale_before=started - timedelta(minutes=15))
    now = datetime.now(timezone.utc)
    alive = extraction_claim(now=now, stale_before=now - timedelta(minutes=15))
    assert alive.document_id == dead.document_id == document.id

    late = ExtractionReport()
    extraction_process(dead, report=late)
    assert late.lost == 1 and late.done == 0
    assert pages_of(document) == []
    report = ExtractionReport()
    extraction_process(alive, report=report)
    assert report.done == 1 and [n for n, _ in pages_of(document)] == [1, 2]


def test_a_stale_extraction_resumes_after_its_last_committed_page(
        records_request, make_document, extract):
    document = make_document(records_request, make_pdf(["one", "two", "three"]))
    db.session.add(DocumentPage(document_id=document.id, page_number=1, text="one (kept)"))
    db.session.execute(update(Document).where(Document.id == document.id).values(
        extraction_status=ExtractionStatus.running, extracted_pages=1,
        extracted_at=datetime.now(timezone.utc) - timedelta(hours=2)))
    db.session.commit()
    extract()
    pages = pages_of(document)
    assert [n for n, _ in pages] == [1, 2, 3] and pages[0][1] == "one (kept)"
    assert document.extraction_status is ExtractionStatus.done


def test_a_recent_running_claim_is_left_alone(records_request, make_document, extract):
    document = make_document(records_request, make_pdf(["busy"]))
    db.session.execute(update(Document).where(Document.id == document.id).values(
        extraction_status=ExtractionStatus.running,
        extracted_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
    db.session.commit()
    assert extract().done == 0
    assert document.extraction_status is ExtractionStatus.running
