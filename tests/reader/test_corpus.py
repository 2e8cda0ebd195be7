"""Conformance: every real scan and agency e-mail of ../shared/corpus opens in the reader.

Each page of each scan is shown with its image within the pixel bound (the 81-megapixel page
too), or, for the file that is not a PDF, with a clear message; each e-mail shows its headers,
never a 500, however malformed it is.
"""

import pytest

from foia_tracker.documents.detect import detect_media_type
from foia_tracker.reader.render import MAX_PIXELS

from ..corpus import corpus_folder
from .conftest import png_size

SCANS = ["blank.pdf", "c02-22.pdf", "cardinal.pdf", "ccitt.pdf", "cmyk.pdf", "enormous.pdf",
         "francais.pdf", "invalid.pdf", "linn.png", "skew.pdf", "typewriter.png", "vector.pdf"]


def store(extracted, records_request, path):
    # Typed as an upload would type it: from the bytes (the file that is not a PDF, too).
    media_type = detect_media_type(path)
    if path.suffix == ".pdf" and media_type != "application/pdf":
        media_type = "application/pdf"  # it says %PDF-1.3; the reader must cope
    return extracted(records_request, path.read_bytes(), name=path.name, media_type=media_type)


@pytest.mark.parametrize("name", SCANS)
def test_every_page_of_every_real_scan_opens_in_the_reader(
        client, login, editor, records_request, extracted, name):
    path = corpus_folder("scans") / name
    document = store(extracted, records_request, path)
    login(editor)
    first = client.get(f"/documents/{document.id}/pages/1")
    assert first.status_code == 200, first.text
    if name == "invalid.pdf":
        assert 'id="page-error"' in first.text and "could not be read as a PDF" in first.text
        return
    assert 'id="page-image"' in first.text, first.text
    total = 4 if name == "cardinal.pdf" else 1
    assert f"/pages/{total + 1}" not in first.text
    for number in range(1, total + 1):
        image = client.get(f"/documents/{document.id}/pages/{number}/image?width=1600")
        assert image.status_code == 200, (name, number, image.text[:200])
        width, height = png_size(image.data)
        assert width * height <= MAX_PIXELS and width <= 1600


def test_every_real_agency_email_shows_its_headers(
        client, login, editor, records_request, extracted):
    login(editor)
    problems = []
    for path in sorted(corpus_folder("mail").glob("*.eml")):
        document = extracted(records_request, path.read_bytes(), name=path.name,
                             media_type="message/rfc822")
        page = client.get(f"/documents/{document.id}/pages/1")
        if page.status_code != 200 or 'id="email-headers"' not in page.text:
            problems.append(f"{path.name}: {page.status_code}")
    assert not problems, problems
