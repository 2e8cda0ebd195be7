"""The search command: the search page's hits for scripts (JSON lines) and people (a table)."""

import json
import re

from sqlalchemy import update

from foia_tracker.documents.models import DocumentPage
from foia_tracker.extensions import db

from ..files import make_pdf


def search(runner, *args):
    result = runner.invoke(args=["search", *args])
    return result.exit_code, result.stdout, result.stderr


def json_hits(runner, *args) -> list[dict]:
    code, stdout, stderr = search(runner, *args, "--json")
    assert code == 0, stderr
    return [json.loads(line) for line in stdout.splitlines()]


def test_json_lines_carry_exhibit_document_page_source_and_snippet(
        runner, editor, records_request, indexed_pdf):
    document = indexed_pdf(records_request, [
        "Cover letter from the sheriff's records unit.",
        "Second page: the county paid Clearview AI for face recognition licences."])
    code = editor.organisation.code
    [hit] = json_hits(runner, "clearview", "--organisation", code)
    snippet = hit.pop("snippet")
    assert hit == {"exhibit": document.exhibit_number, "document_id": document.id, "page": 2,
                   "source": "file"}
    # Plain text, the hit unmarked (SQLite keeps the full stop, PostgreSQL's headline not).
    assert snippet.startswith("Second page: the county paid Clearview AI for face recognition")


def test_pages_read_by_ocr_say_so(runner, editor, records_request, indexed_pdf):
    document = indexed_pdf(records_request, ["Invoice from Cellebrite", "Cellebrite licence"])
    # What the OCR worker records for a page whose text it read from the page image.
    db.session.execute(update(DocumentPage).where(DocumentPage.document_id == document.id,
                                                  DocumentPage.page_number == 2)
                       .values(text_source="ocr", ocr_confidence=91.5))
    db.session.commit()
    hits = json_hits(runner, "cellebrite", "--organisation", editor.organisation.code.lower())
    assert sorted((hit["page"], hit["source"]) for hit in hits) == [(1, "file"), (2, "ocr")]


def test_the_same_hits_in_the_same_order_as_the_search_page(
        runner, client, login, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["Axon body cameras", "Axon drones and Axon tasers, Axon",
                                  "Nothing here"])
    login(editor)
    page = client.get("/search", query_string={"q": "axon"}).text
    hits = json_hits(runner, "axon", "--organisation", editor.organisation.code)
    assert len(hits) == 2
    assert [hit["page"] for hit in hits] == [int(n) for n in re.findall(r"p\. (\d+)", page)]


def test_limit_and_the_readable_table(runner, editor, records_request, indexed_pdf):
    document = indexed_pdf(records_request, ["Flock camera one", "Flock camera two",
                                             "Flock camera three"])
    assert len(json_hits(runner, "flock", "--organisation", editor.organisation.code,
                         "--limit", "2")) == 2
    code, table, _ = search(runner, "flock", "--organisation", editor.organisation.code,
                            "--limit", "2")
    assert code == 0
    lines = table.splitlines()
    assert lines[0] == "3 pages match; the best 2 shown (--limit)."
    assert lines[1].split() == ["Exhibit", "Page", "Text", "Snippet"]
    assert len(lines) == 4
    assert all(line.startswith(document.exhibit_number) and " file " in line
               and "Flock camera" in line for line in lines[2:])


def test_other_organisations_documents_are_never_found(
        runner, make_user, make_request, editor, records_request, indexed_pdf):
    stranger = make_user()
    indexed_pdf(make_request(stranger), ["Stingray purchase order"])
    assert json_hits(runner, "stingray", "--organisation", editor.organisation.code) == []
    code, table, _ = search(runner, "stingray", "--organisation", editor.organisation.code)
    assert (code, table) == (0, "No page matches.\n")


def test_unknown_organisation_and_empty_query_are_refused(runner, editor, records_request):
    code, stdout, stderr = search(runner, "clearview", "--organisation", "NOPE")
    assert code == 2 and stdout == ""
    assert "there is no organisation 'NOPE'" in stderr
    code, _, stderr = search(runner, "*** ???", "--organisation", editor.organisation.code)
    assert code == 2 and "type between one word" in stderr


def test_an_unclosed_quote_is_said_on_stderr(runner, editor, records_request, indexed_pdf):
    indexed_pdf(records_request, ["The face recognition system"])
    code, stdout, stderr = search(runner, '"face recog', "--organisation",
                                  editor.organisation.code, "--json")
    assert code == 0 and "searched for: face recog" in stderr
    assert stdout == ""  # 'recog' is not a word of the page
    assert len(json_hits(runner, '"face recognition', "--organisation",
                         editor.organisation.code)) == 1


def test_a_document_added_from_disk_is_found_by_the_command(
        runner, editor, records_request, extract, tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    (release / "contract.pdf").write_bytes(make_pdf(["Terms", "ShotSpotter service agreement"]))
    added = runner.invoke(args=["add-documents", records_request.reference, str(release),
                                "--as", editor.email])
    assert added.exit_code == 0, added.output
    [stored] = [json.loads(line) for line in added.stdout.splitlines()]
    extract()
    [hit] = json_hits(runner, "shotspotter", "--organisation", editor.organisation.code)
    assert (hit["exhibit"], hit["page"], hit["source"]) == (stored["exhibit"], 2, "file")
