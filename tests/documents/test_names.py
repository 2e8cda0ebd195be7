"""Hostile file names: shown cleaned, never used on disk, safe in the download header."""

import hashlib
from pathlib import Path

import pytest

from foia_tracker.documents.names import clean_archive_path, clean_name

from ..files import make_zip
from .conftest import download, documents, stored_hashes


@pytest.mark.parametrize("raw, shown", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("C:\\Users\\clerk\\Desktop\\release.pdf", "release.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),
    ("a\x00b\x1b[31m.pdf", "ab[31m.pdf"),
    ("caf\u0065\u0301.txt", "caf\u00e9.txt"),  # NFD in, NFC out
    ("..", "document"),
    ("/", "document"),
    ("", "document"),
    ("  report.pdf  ", "report.pdf"),
])
def test_names_are_cleaned_for_display(raw, shown):
    assert clean_name(raw) == shown


def test_a_very_long_name_is_cut_to_255_keeping_its_extension():
    name = clean_name("x" * 1000 + ".pdf")
    assert len(name) == 255 and name.endswith("xxx.pdf")
    assert len(clean_name("y" * 1000)) == 255


def test_archive_paths_lose_control_characters_and_stay_bounded():
    assert clean_archive_path("docs\\sub\x00dir/\u202eevil.txt") == "docs/subdir/evil.txt"
    assert len(clean_archive_path("d/" * 800)) <= 1000


# As written in the multipart header, where a quoted string escapes " and \ with a backslash.
HOSTILE = ["../../etc/passwd", "..\\\\..\\\\boot.ini", "invoice\u202efdp.pdf", "nul\x00byte.txt",
           "q\\\"uote';<script>.txt", "z" * 1000 + ".txt"]


def test_hostile_names_are_stored_safely_and_downloaded_with_a_safe_header(
        app, client, make_user, make_request, login, upload):
    user = login(make_user())
    request = make_request(user)
    files = [(name, f"content {n}\n".encode()) for n, name in enumerate(HOSTILE)]
    assert upload(request.id, files).status_code == 302
    stored = documents()
    assert [d.original_name for d in stored] == [
        "passwd", "boot.ini", "invoicefdp.pdf", "nulbyte.txt", "q\"uote';<script>.txt",
        "z" * 251 + ".txt"]
    # Nothing was written outside the store, and inside it only under content hashes.
    assert stored_hashes() == sorted(hashlib.sha256(data).hexdigest() for _, data in files)
    assert not (Path(app.instance_path) / "etc").exists()

    for document in stored:
        response = download(client, document.id)
        header = response.headers["Content-Disposition"]
        assert response.status_code == 200 and header.startswith("attachment;")
        assert not any(c in header for c in "\r\n\x00/\u202e") and "..\\" not in header
    assert download(client, stored[4].id).headers["Content-Disposition"] == \
        'attachment; filename="q\\"uote\';<script>.txt"'
    page = client.get(f"/documents/{stored[4].id}").text
    assert "<script>" not in page and "q&#34;uote&#39;;&lt;script&gt;.txt" in page


def test_hostile_paths_inside_a_zip_are_only_labels(client, make_user, make_request, login,
                                                    upload):
    user = login(make_user())
    request = make_request(user)
    archive = make_zip({"../../../../tmp/evil.txt": b"escape attempt\n",
                        "/abs/olute.txt": b"absolute\n"})
    assert upload(request.id, {"release.zip": archive}).status_code == 302
    members = {d.original_name: d.archive_path for d in documents() if d.archive_id}
    assert members == {"evil.txt": "../../../../tmp/evil.txt", "olute.txt": "abs/olute.txt"}
    assert len(stored_hashes()) == 3
