"""Who may export what, how bad requests are refused, and how downloads are named and cleaned."""

import re
from datetime import date

import pytest
from sqlalchemy import insert

from foia_tracker.evidence.models import EvidenceItem
from foia_tracker.extensions import db
from foia_tracker.letters.services import letter_create
from foia_tracker.storage import document_store
from foia_tracker.users.models import Role

from .conftest import download
from .test_tabular import csv_rows

FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument"
           ".spreadsheetml.sheet", "json": "application/json", "md": "text/markdown",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "html": "text/html", "zip": "application/zip"}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_downloads_are_attachments_named_after_the_letter_with_their_media_type(
        fmt, evidence, client, login):
    login(evidence.user)
    response = client.get(f"/letters/{evidence.letter.id}/export/{fmt}")
    assert response.status_code == 200
    assert response.mimetype == FORMATS[fmt]
    # One charset, for text only (it read "charset=utf-8; charset=utf-8").
    charset = "; charset=utf-8" if FORMATS[fmt].startswith("text/") else ""
    assert response.headers["Content-Type"] == FORMATS[fmt] + charset
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=OR-letter-{evidence.letter.id}-evidence.{fmt}")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()
    # The temporary file was only for this response.
    assert list(document_store().staging_dir.iterdir()) == []


def test_a_viewer_may_export(evidence, make_user, client, login):
    viewer = make_user(role=Role.viewer, organisation=evidence.user.organisation)
    login(viewer)
    assert len(csv_rows(download(client, f"/letters/{evidence.letter.id}/export/csv"))) == 3
    assert len(csv_rows(download(client, "/evidence/export/csv"))) == 7


def test_exports_need_a_login(evidence, client):
    for url in (f"/letters/{evidence.letter.id}/export/csv", "/evidence/export/csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("fmt", ["csv", "zip", "html"])
def test_another_organisations_letter_is_not_found(fmt, evidence, make_user, client, login):
    login(make_user())
    response = client.get(f"/letters/{evidence.letter.id}/export/{fmt}")
    assert response.status_code == 404
    assert "Stop buying" not in response.text


def test_the_evidence_list_export_holds_only_the_organisations_own_items(
        evidence, make_user, make_request, make_document, client, login):
    stranger = make_user()
    theirs = make_document(make_request(stranger), b"%PDF-1.4 other organisation",
                           name="theirs.pdf")
    db.session.execute(insert(EvidenceItem).values(
        organisation_id=theirs.organisation_id, document_id=theirs.id, description="Theirs."))
    db.session.commit()
    login(evidence.user)
    exhibits = {row["Exhibit"] for row in csv_rows(download(client, "/evidence/export/csv"))}
    assert theirs.exhibit_number not in exhibits
    assert exhibits == {evidence.contract.exhibit_number, evidence.invoice.exhibit_number,
                        evidence.uncited.exhibit_number}


def test_unknown_formats_are_not_found(evidence, client, login):
    login(evidence.user)
    for url in (f"/letters/{evidence.letter.id}/export/pdf", "/evidence/export/exe",
                f"/letters/{evidence.letter.id}/export/CSV"):
        assert client.get(url).status_code == 404


def test_an_unknown_letter_is_not_found(evidence, client, login):
    login(evidence.user)
    assert client.get("/letters/99999/export/csv").status_code == 404
    assert client.get("/letters/99999999999999/export/csv").status_code == 404


def test_bad_filters_are_refused_with_their_messages(evidence, client, login):
    login(evidence.user)
    response = client.get("/evidence/export/csv?date_from=yesterday&technology=Telepathy"
                          "&date_to=2026-01-01")
    assert response.status_code == 400
    assert "Content-Disposition" not in response.headers
    assert "Choose a technology from the list." in response.text
    assert "Dated from" in response.text and "Technology" in response.text
    response = client.get("/evidence/export/csv?date_from=2026-02-01&date_to=2026-01-01")
    assert response.status_code == 400
    assert "The end of the range is before its start." in response.text


def test_cli_refuses_an_unknown_letter_format_or_organisation(evidence, runner, tmp_path):
    output = str(tmp_path / "out.csv")
    result = runner.invoke(args=["export-evidence", "--letter", "424242", "--format", "csv",
                                 "--output", output])
    assert result.exit_code != 0 and "there is no letter 424242" in result.output
    result = runner.invoke(args=["export-evidence", "--letter", str(evidence.letter.id),
                                 "--format", "pdf", "--output", output])
    assert result.exit_code != 0 and "'pdf' is not one of" in result.output
    result = runner.invoke(args=["export-evidence", "--organisation", "ZZ", "--format", "csv",
                                 "--output", output])
    assert result.exit_code != 0 and "there is no organisation 'ZZ'" in result.output
    result = runner.invoke(args=["export-evidence", "--format", "csv", "--output", output])
    assert result.exit_code != 0
    assert "Give one of --letter ID, --organisation CODE or --campaign ID" in result.output
    result = runner.invoke(args=["export-evidence", "--organisation", "OR", "--filters",
                                 "date_from=soon", "--format", "csv", "--output", output])
    assert result.exit_code != 0 and "date_from" in result.output
    assert not (tmp_path / "out.csv").exists()


def test_cli_refuses_an_unwritable_path_clearly(evidence, runner, tmp_path):
    output = tmp_path / "no-such-folder" / "out.csv"
    result = runner.invoke(args=["export-evidence", "--letter", str(evidence.letter.id),
                                 "--format", "csv", "--output", str(output)])
    assert result.exit_code == 1
    assert f"Cannot write in {output.parent}: No such file or directory." in result.output
    assert "Traceback" not in result.output


def test_a_letter_without_citations_exports_an_empty_list(evidence, client, login):
    letter = letter_create(organisation_id=evidence.user.organisation_id, actor=evidence.user,
                           values={"title": "Thanks", "addressee": "", "signatories": "",
                                   "letter_date": date(2026, 5, 1), "body": "No sources here."})
    login(evidence.user)
    assert csv_rows(download(client, f"/letters/{letter.id}/export/csv")) == []
    text = download(client, f"/letters/{letter.id}/export/md").decode()
    assert "No sources here." in text and "[^" not in text


def test_the_links_partial_offers_every_format_with_the_filters_kept(app):
    from flask import render_template_string

    with app.test_request_context("/evidence?vendor=Amazon"):
        page = render_template_string(
            '{% from "exports/_links.html" import export_links with context %}'
            '{{ export_links("exports.evidence_list", vendor="Amazon") }}'
            '{{ export_links("exports.letter", letter_id=12) }}')
    links = re.findall(r'<a href="([^"]+)" download>', page)
    assert links[:7] == [f"/evidence/export/{fmt}?vendor=Amazon" for fmt in FORMATS]
    assert links[7:] == [f"/letters/12/export/{fmt}" for fmt in FORMATS]
