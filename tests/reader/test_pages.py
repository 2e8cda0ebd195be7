"""The reader: a PDF page as an image beside its text, paging, zoom and clear errors."""

import re

from foia_tracker.documents.models import DocumentPage
from foia_tracker.extensions import db
from foia_tracker.reader.render import THUMBNAIL_WIDTH

from ..files import make_pdf
from .conftest import png_size

PAGES = ["Cover letter from the sheriff's records unit.",
         "The county paid Clearview AI for face recognition licences.",
         "Third page: nothing relevant."]


def test_a_pdf_page_shows_its_image_beside_its_text_with_paging(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES, name="release.pdf")
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/2")
    assert page.status_code == 200
    assert "The county paid Clearview AI for face recognition licences." in page.text
    assert "Text from the file." in page.text
    assert f'src="/documents/{document.id}/pages/2/image?width=800"' in page.text
    assert f'href="/documents/{document.id}/pages/1"' in page.text  # previous
    assert f'href="/documents/{document.id}/pages/3"' in page.text  # next
    assert 'rel="prev"' in page.text and 'rel="next"' in page.text
    assert re.search(r'name="page"[^>]*value="2"', page.text) and "of 3" in page.text
    # Thumbnails load as they scroll into view.
    assert page.text.count('loading="lazy"') == 3
    assert f"/pages/3/image?width={THUMBNAIL_WIDTH}" in page.text

    image = client.get(f"/documents/{document.id}/pages/2/image?width=800")
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert png_size(image.data)[0] == 800
    assert "private" in image.headers["Cache-Control"]


def test_zoom_loads_a_wider_image_and_odd_widths_are_refused(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    zoomed = client.get(f"/documents/{document.id}/pages/1?zoom=200")
    assert f"/pages/1/image?width=1600" in zoomed.text and "zoom-200" in zoomed.text
    assert png_size(client.get(f"/documents/{document.id}/pages/1/image?width=1600").data)[0] \
        == 1600
    odd = client.get(f"/documents/{document.id}/pages/1/image?width=5000")
    assert odd.status_code == 400 and "160, 800, 1200, 1600" in odd.text


def test_a_page_out_of_range_is_a_404_that_says_how_many_pages_there_are(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    for number in (0, 4, 10**30, 10**200):
        missing = client.get(f"/documents/{document.id}/pages/{number}")
        assert missing.status_code == 404, number
        image = client.get(f"/documents/{document.id}/pages/{number}/image?width=800")
        assert image.status_code == 404, number
    assert "has 3 pages; there is no page 4" in client.get(
        f"/documents/{document.id}/pages/4").text
    assert client.get(f"/documents/{document.id}/pages/4/image?width=800").status_code == 404


def test_the_go_to_page_form_goes_to_the_page_or_says_what_is_wrong(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    gone = client.get(f"/documents/{document.id}/pages?page=3&q=clearview")
    assert gone.status_code == 302
    assert gone.headers["Location"] == f"/documents/{document.id}/pages/3?q=clearview"
    for bad in ("three", "", "-1"):
        refused = client.get(f"/documents/{document.id}/pages?page={bad}")
        assert refused.status_code == 400, bad
        assert "page number" in refused.text


def test_the_reader_says_when_a_page_s_text_came_from_ocr_and_how_sure_it_was(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    row = db.session.query(DocumentPage).filter_by(document_id=document.id, page_number=1).one()
    row.text_source, row.ocr_confidence = "ocr", 87.4
    db.session.commit()
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert "Text from OCR, mean confidence 87%" in page.text
    assert "Text from the file." in client.get(f"/documents/{document.id}/pages/2").text


def test_a_corrupt_pdf_says_so_on_the_page_never_a_500(
        client, login, editor, records_request, extracted):
    document = extracted(records_request, b"%PDF-1.7\n" + b"\x00garbage" * 500,
                         name="broken.pdf", page_count=None)
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200
    assert "could not be read as a PDF" in page.text and 'id="page-error"' in page.text
    image = client.get(f"/documents/{document.id}/pages/1/image?width=800")
    assert image.status_code == 422 and "could not be read as a PDF" in image.text


def test_a_page_whose_pdf_count_was_wrong_still_gets_a_clear_message(
        client, login, editor, records_request, extracted):
    # The row claims more pages than the file has (e.g. a damaged file): the page says so.
    document = extracted(records_request, make_pdf(["only page"]), page_count=1)
    document.page_count = 3
    db.session.commit()
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/3")
    assert page.status_code == 200 and "The PDF has no page 3" in page.text


def test_the_document_page_links_to_the_reader(
        client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    page = client.get(f"/documents/{document.id}")
    assert f'href="/documents/{document.id}/pages/1"' in page.text and ">Read<" in page.text


def test_the_reader_fits_a_phone(client, login, editor, records_request, pdf_document):
    document = pdf_document(records_request, PAGES)
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert 'name="viewport" content="width=device-width' in page.text
    css = client.get("/static/reader.css")
    assert "@media (max-width: 800px)" in css.text
    css.close()


def test_a_password_protected_pdf_says_so_on_the_page(
        client, login, editor, records_request, extracted):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Locked")
    document = extracted(records_request, bytes(pdf.output()), name="locked.pdf",
                         page_count=1)
    login(editor)
    page = client.get(f"/documents/{document.id}/pages/1")
    assert page.status_code == 200 and "password-protected" in page.text
