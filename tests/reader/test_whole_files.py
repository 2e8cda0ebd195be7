"""Files without page images: e-mails with their attachments, Word, Excel and plain text."""

import io
from email.message import EmailMessage

from openpyxl import Workbook

from ..files import make_docx, make_pdf


def eml_with_attachment(attachment: bytes) -> bytes:
    message = EmailMessage()
    message["From"] = "records@sheriff.example.gov"
    message["To"] = "staff@aclu-or.example.org"
    message["Subject"] = "Your request <OR-2026-1>"
    message["Date"] = "Thu, 12 Mar 2026 10:15:00 -0700"
    message.set_content("Please find the contract attached.\n<b>Not markup</b>")
    message.add_attachment(attachment, maintype="application", subtype="pdf",
                           filename="contract.pdf")
    message.add_attachment(b"never stored", maintype="text", subtype="plain",
                           filename="notes.txt")
    return bytes(message)


def test_an_email_shows_headers_body_and_attachments_linked_to_their_documents(
        client, login, editor, records_request, extracted):
    attachment = make_pdf(["The contract itself."])
    email = extracted(records_request, eml_with_attachment(attachment), name="reply.eml",
                      media_type="message/rfc822")
    contract = extracted(records_request, attachment, name="contract.pdf", page_count=1)
    login(editor)
    page = client.get(f"/documents/{email.id}/pages/1", query_string={"q": "contract"})
    assert page.status_code == 200
    assert "records@sheriff.example.gov" in page.text
    assert "Your request &lt;OR-2026-1&gt;" in page.text
    assert 'Please find the <mark class="hit">contract</mark> attached.' in page.text
    assert "&lt;b&gt;Not markup&lt;/b&gt;" in page.text
    assert f'href="/documents/{contract.id}/pages/1">contract.pdf</a>' in page.text
    assert "notes.txt" in page.text and "not stored as a document of its own" in page.text
    assert client.get(f"/documents/{email.id}/pages/2").status_code == 404
    assert client.get(f"/documents/{email.id}/pages/1/image?width=800").status_code == 422


def test_a_word_file_shows_its_text_and_tables(client, login, editor, records_request,
                                                extracted):
    from docx import Document as WordDocument

    document = WordDocument()
    document.add_paragraph("Purchase summary for <Axon> body cameras")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Vendor", "Amount"
    table.cell(1, 0).text, table.cell(1, 1).text = "Axon", "12,500.00"
    out = io.BytesIO()
    document.save(out)
    word = extracted(records_request, out.getvalue(), name="summary.docx",
                     media_type="application/vnd.openxmlformats-officedocument."
                                "wordprocessingml.document")
    login(editor)
    page = client.get(f"/documents/{word.id}/pages/1")
    assert "Purchase summary for &lt;Axon&gt; body cameras" in page.text
    assert "<td>Axon</td><td>12,500.00</td>" in page.text


def test_an_excel_workbook_shows_each_sheet_as_a_table(client, login, editor, records_request,
                                                        extracted):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Invoices"
    sheet.append(["Vendor", "Amount"])
    sheet.append(["Cellebrite", 9900])
    out = io.BytesIO()
    workbook.save(out)
    excel = extracted(records_request, out.getvalue(), name="invoices.xlsx",
                      media_type="application/vnd.openxmlformats-officedocument."
                                 "spreadsheetml.sheet")
    login(editor)
    page = client.get(f"/documents/{excel.id}/pages/1")
    assert "<caption>Invoices</caption>" in page.text
    assert "<td>Cellebrite</td><td>9900</td>" in page.text


def test_plain_text_shows_as_text_and_a_damaged_word_file_says_so(
        client, login, editor, records_request, extracted):
    text = extracted(records_request, "Line one\n<i>line two</i>\n".encode(), name="log.txt",
                     media_type="text/plain")
    broken = extracted(records_request, make_docx(["x"])[:200], name="broken.docx",
                       media_type="application/vnd.openxmlformats-officedocument."
                                  "wordprocessingml.document")
    login(editor)
    page = client.get(f"/documents/{text.id}/pages/1")
    assert "Line one\n&lt;i&gt;line two&lt;/i&gt;" in page.text
    damaged = client.get(f"/documents/{broken.id}/pages/1")
    assert damaged.status_code == 200 and "could not be read as a Word document" in damaged.text


def test_an_email_lists_the_other_documents_filed_with_it(
        client, login, editor, records_request, extracted):
    from datetime import date, timedelta

    from foia_tracker.communications.services import communication_log
    from foia_tracker.communications.status import Direction, Kind

    entry = communication_log(request=records_request, actor=editor, values={
        "kind": Kind.note, "direction": Direction.received,
        "occurred_on": date.today() - timedelta(days=1), "summary": "Reply by e-mail",
        "body": "", "extension_days": None, "estimated_on": None})
    attachment = make_pdf(["The contract itself."])
    email = extracted(records_request, eml_with_attachment(attachment), name="reply.eml",
                      media_type="message/rfc822", communication=entry)
    contract = extracted(records_request, attachment, name="contract.pdf", page_count=1,
                         communication=entry)
    unpacked = extracted(records_request, b"from winmail.dat", name="minutes.txt",
                         media_type="text/plain", communication=entry)
    login(editor)
    page = client.get(f"/documents/{email.id}/pages/1")
    filed = page.text.split('id="filed-with"')[1]
    assert f'href="/documents/{unpacked.id}/pages/1">minutes.txt</a>' in filed
    assert f"/documents/{contract.id}/" not in filed  # linked above, as an attachment
