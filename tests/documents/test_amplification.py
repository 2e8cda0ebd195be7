"""Uploads cannot amplify: ratio bombs, the upload's total, organisation quotas, text bounds.

Whatever the refusal, nothing of the upload is written: no row, no object, nothing staged.
"""

import io
import zipfile

from foia_tracker.documents.extraction import extraction_run
from foia_tracker.documents.models import DocumentPage
from foia_tracker.documents.services import size_in_words
from foia_tracker.extensions import db

from ..files import make_pdf, make_zip
from .conftest import document_count, documents, staged_leftovers, stored_hashes, text_of

MB = 1024 * 1024


def assert_nothing_saved(staging):
    assert document_count() == 0
    assert staged_leftovers(staging) == []
    assert stored_hashes() == []


def ratio_bomb(members: int = 6, size: int = 20 * MB) -> bytes:
    """Return a small ZIP of text members of zeros, each under the file limit (issue 16, F2)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for n in range(members):
            archive.writestr(f"minutes-{n}.txt", b"0" * size)
    return buffer.getvalue()


def test_a_zip_bomb_of_small_members_is_refused_with_nothing_written(
        make_user, make_request, login, upload, staging):
    user = login(make_user())
    request = make_request(user)
    bomb = ratio_bomb()
    assert len(bomb) < 200_000, "120 MB of zeros in a small upload"
    response = upload(request.id, {"release.zip": bomb})
    assert response.status_code == 413
    assert ("minutes-0.txt in release.zip unpacks to more than 100 times its compressed size"
            in text_of(response.text))
    assert "nothing of this upload was saved" in text_of(response.text)
    assert_nothing_saved(staging)


def test_the_ratio_is_configurable_and_spares_small_members(
        app, make_user, make_request, login, upload, staging):
    user = login(make_user())
    request = make_request(user)
    # Small files of zeros are common and harmless: the ratio applies past 1 MB only.
    response = upload(request.id, {"small.zip": ratio_bomb(members=2, size=MB // 2)})
    assert response.status_code == 302
    assert document_count() == 2, "the archive and one member (both members are the same bytes)"
    app.config["ARCHIVE_MAX_RATIO"] = 2000
    response = upload(request.id, {"log.zip": ratio_bomb(members=1, size=2 * MB)})
    assert response.status_code == 302, "a ratio of about 1000 is allowed at 2000"


def test_what_a_zip_unpacks_to_counts_toward_the_upload_limit(
        app, make_user, make_request, login, upload, staging):
    app.config["UPLOAD_MAX_REQUEST_BYTES"] = 100_000
    user = login(make_user())
    request = make_request(user)
    first = make_zip({"a.txt": b"a" * 60_000})
    second = make_zip({"b.txt": b"b" * 60_000})
    response = upload(request.id, {"first.zip": first, "second.zip": second})
    assert response.status_code == 413, "each archive fits alone; together they do not"
    assert ("second.zip unpacks to more than one upload may hold (97.7 KB in all)"
            in text_of(response.text))
    assert_nothing_saved(staging)


def test_an_upload_over_the_organisation_quota_is_refused_in_words(
        app, make_user, make_request, make_document, login, upload, staging):
    user = login(make_user())
    request = make_request(user)
    app.config["ORGANISATION_QUOTA_BYTES"] = 10_000
    assert upload(request.id, {"first.txt": b"1" * 6_000}).status_code == 302
    kept = stored_hashes()
    response = upload(request.id, {"second.txt": b"2" * 5_000})
    assert response.status_code == 413
    assert ("This upload of 4.88 KB would bring your organisation to 10.7 KB, over its quota "
            "of 9.77 KB; nothing was saved." in text_of(response.text))
    assert document_count() == 1 and stored_hashes() == kept
    assert staged_leftovers(staging) == []
    # Bytes the organisation already holds are linked, not stored again: they cost nothing.
    assert upload(request.id, {"again.txt": b"1" * 6_000}).status_code == 302


def test_the_quota_counts_each_stored_file_once_and_not_deleted_ones(
        app, make_user, make_request, make_organisation, login, upload):
    from foia_tracker.documents.services import organisation_bytes_used

    user = login(make_user())
    request = make_request(user)
    assert upload(request.id, {"a.txt": b"a" * 3_000}).status_code == 302
    assert upload(request.id, {"b.txt": b"b" * 2_000}).status_code == 302
    other = make_request(user)
    assert upload(other.id, {"a-copy.txt": b"a" * 3_000}).status_code == 302
    assert organisation_bytes_used(user.organisation_id) == 5_000
    assert organisation_bytes_used(make_organisation().id) == 0
    documents()[1].deleted_at = documents()[0].uploaded_at
    db.session.commit()
    assert organisation_bytes_used(user.organisation_id) == 3_000


def test_sizes_read_as_people_say_them():
    assert size_in_words(12 * MB) == "12 MB"
    assert size_in_words(int(1.02 * 1024 * MB)) == "1.02 GB"
    assert size_in_words(1024 * MB) == "1 GB"
    assert size_in_words(900) == "900 bytes"


def test_text_extraction_stops_at_the_bound_and_the_page_says_so(
        app, client, make_user, make_request, login, upload):
    app.config["EXTRACTION_MAX_TEXT_BYTES"] = 3_000
    user = login(make_user())
    request = make_request(user)
    pages = [f"Page {n}: " + "withheld under exemption 7(C) " * 40 for n in range(10)]
    assert upload(request.id, {"long.pdf": make_pdf(pages), "short.txt": b"Short memo\n"}
                  ).status_code == 302
    extraction_run()
    long, short = sorted(documents(), key=lambda d: d.original_name)
    stored = db.session.scalars(db.select(DocumentPage.text).where(
        DocumentPage.document_id == long.id)).all()
    assert sum(len(text.encode()) for text in stored) <= 3_000
    assert len(stored) == 3, "1,209 bytes a page: the third is cut, the rest never read"
    assert long.is_text_cut and not short.is_text_cut
    page = text_of(client.get(f"/documents/{long.id}").text)
    assert "The text was cut: extraction stopped after 3 pages" in page
    assert "The text was cut" not in text_of(client.get(f"/documents/{short.id}").text)
