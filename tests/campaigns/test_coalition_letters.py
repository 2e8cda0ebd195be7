"""Coalition letters: cite what members shared, name who obtained it, sign, freeze, export."""

import csv
import io
import subprocess
import time
import zipfile

import pytest
from sqlalchemy import select

from foia_tracker.campaigns.models import Campaign, CampaignShare
from foia_tracker.campaigns.services import request_link
from foia_tracker.campaigns.sharing import evidence_share
from foia_tracker.exports.registry import FORMATS
from foia_tracker.extensions import db

from ..conftest import csrf_token
from ..letters.conftest import footnotes, letter_data


@pytest.fixture
def two_shares(coalition, make_evidence, make_release, make_agency):
    """Florida and Georgia each share one item from their own agency's release."""
    campaign = db.session.get(Campaign, coalition.campaign_id)
    items = {}
    for user, agency_name, state in ((coalition.fl_editor, "Orlando Police Department", "FL"),
                                     (coalition.ga_editor, "Atlanta Police Department", "GA")):
        document = make_release(user, agency=make_agency(agency_name, jurisdiction=state))
        item = make_evidence(user, document=document, description=f"{agency_name} contract")
        request_link(campaign=campaign, request=document.request, actor=user)
        evidence_share(campaign=campaign, items=[item], actor=user)
        items[state] = item
    return items


@pytest.fixture
def login(client, login):
    """Log in as a user, logging out whoever was logged in first."""

    def switch(user):
        if client.get("/login").status_code == 302:
            client.post("/logout", data={"csrf_token": csrf_token(client, "/dashboard")})
        return login(user)

    return switch


def _write(client, coalition, items, **values):
    path = f"/campaigns/{coalition.campaign_id}/letters/new"
    body = f"Orlando bought it.[@E{items['FL'].id}] So did Atlanta.[@E{items['GA'].id}]"
    data = letter_data(client, path, body=body, signatories="Jane Doe, Director") | values
    return client.post(path, data=data)


def test_footnotes_name_the_organisation_that_obtained_each_record(client, coalition,
                                                                     two_shares, login):
    login(coalition.fl_editor)
    response = _write(client, coalition, two_shares)
    assert response.status_code == 302, response.text
    notes = footnotes(client.get(response.location).text)
    fl, ga = two_shares["FL"], two_shares["GA"]
    assert notes[1].startswith(
        "Records produced by the Orlando Police Department (Florida) to the ACLU of Florida in "
        f"response to public records request {fl.document.request.reference}, received March 12, 2026")
    assert notes[2].startswith(
        "Records produced by the Atlanta Police Department (Georgia) to the ACLU of Georgia in "
        f"response to public records request {ga.document.request.reference}")


def test_an_unshared_item_cannot_be_cited(client, coalition, two_shares, make_evidence, login):
    secret = make_evidence(coalition.ga_editor, description="Kept in Georgia")
    login(coalition.fl_editor)
    path = f"/campaigns/{coalition.campaign_id}/letters/new"
    response = client.post(path, data=letter_data(client, path, body=f"See [@E{secret.id}]."))
    assert response.status_code == 400
    assert f"[@E{secret.id}] does not match evidence shared into this campaign." in response.text


def test_a_member_admin_signs_and_the_letter_is_final_and_reproducible(client, coalition,
                                                                        two_shares, login):
    login(coalition.fl_editor)
    letter_url = _write(client, coalition, two_shares).location
    login(coalition.ga_admin)
    assert client.post(f"{letter_url}/sign", data={
        "csrf_token": csrf_token(client, letter_url)}).status_code == 302
    login(coalition.fl_admin)
    assert client.post(f"{letter_url}/finalise", data={
        "csrf_token": csrf_token(client, letter_url)}).status_code == 302
    page = client.get(letter_url).text
    assert "ACLU of Georgia" in page and "Jane Doe, Director" in page and "Final since" in page
    first = {name: client.get(f"{letter_url}/export/{name}").data for name in FORMATS}
    time.sleep(2.1)  # ZIP entries keep time to two seconds: a later export must still match
    login(coalition.ga_admin)
    second = {name: client.get(f"{letter_url}/export/{name}").data for name in FORMATS}
    assert all(first[name] == second[name] for name in FORMATS), \
        [name for name in FORMATS if first[name] != second[name]]
    rows = list(csv.DictReader(io.StringIO(first["csv"].decode("utf-8-sig"))))
    assert [row["Organisation"] for row in rows] == ["ACLU of Florida", "ACLU of Georgia"]
    assert rows[1]["SHA-256 of the document"] == two_shares["GA"].document.sha256


def test_the_final_bundle_checks_with_sha256sum(client, coalition, two_shares, login, tmp_path):
    login(coalition.fl_editor)
    letter_url = _write(client, coalition, two_shares).location
    login(coalition.fl_admin)
    client.post(f"{letter_url}/finalise", data={"csrf_token": csrf_token(client, letter_url)})
    with zipfile.ZipFile(io.BytesIO(client.get(f"{letter_url}/export/zip").data)) as bundle:
        bundle.extractall(tmp_path)
        assert "ACLU of Georgia" in bundle.read("manifest.csv").decode("utf-8-sig")
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path, capture_output=True,
                           text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count(": OK") == 3


def test_revoking_a_share_cited_by_a_final_letter_is_refused(client, coalition, two_shares, login):
    login(coalition.fl_editor)
    letter_url = _write(client, coalition, two_shares).location
    login(coalition.fl_admin)
    client.post(f"{letter_url}/finalise", data={"csrf_token": csrf_token(client, letter_url)})
    share = db.session.scalar(select(CampaignShare).where(
        CampaignShare.evidence_item_id == two_shares["GA"].id))
    login(coalition.ga_editor)
    url = f"/campaigns/{coalition.campaign_id}"
    response = client.post(f"{url}/shares/{share.id}/revoke", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 409 and "cited by the final letter" in response.text
    assert db.session.get(CampaignShare, share.id) is not None
    login(coalition.fl_editor)
    assert client.get(f"{letter_url}/edit").status_code == 409


def test_revoking_a_share_cited_by_a_draft_shows_the_citation_withdrawn(client, coalition,
                                                                       two_shares, login):
    login(coalition.fl_editor)
    letter_url = _write(client, coalition, two_shares).location
    share = db.session.scalar(select(CampaignShare).where(
        CampaignShare.evidence_item_id == two_shares["GA"].id))
    login(coalition.ga_editor)
    url = f"/campaigns/{coalition.campaign_id}"
    assert client.post(f"{url}/shares/{share.id}/revoke",
                       data={"csrf_token": csrf_token(client, url)}).status_code == 302
    page = client.get(letter_url).text
    assert "Withdrawn: this record is no longer shared into the campaign." in page
    assert "Atlanta Police Department (Georgia)" not in page
    login(coalition.fl_admin)
    refused = client.post(f"{letter_url}/finalise", data={"csrf_token": csrf_token(client, letter_url)})
    assert refused.status_code == 409 and "no longer shared" in refused.text


def test_non_members_get_404_on_letter_routes(client, coalition, two_shares, login):
    login(coalition.fl_editor)
    letter_url = _write(client, coalition, two_shares).location
    login(coalition.tx_admin)
    token = csrf_token(client, "/campaigns/")
    for path in (letter_url, f"{letter_url}/export/csv", f"{letter_url}/edit"):
        assert client.get(path).status_code == 404, path
    for path in (f"{letter_url}/sign", f"{letter_url}/finalise"):
        assert client.post(path, data={"csrf_token": token}).status_code == 404, path
    login(coalition.ga_editor)
    assert client.get(f"{letter_url}/edit").status_code == 404  # Florida writes it
