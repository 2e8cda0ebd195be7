"""Campaign search and reader: shared documents only, for current members only, at once."""

import json
import re

import pytest
from sqlalchemy import select, text

from foia_tracker.campaigns.models import CampaignMember, CampaignShare
from foia_tracker.campaigns.services import campaign_leave
from foia_tracker.campaigns.sharing import share_revoke
from foia_tracker.documents.extraction import extraction_run
from foia_tracker.extensions import db


@pytest.fixture
def indexed(shared_evidence):
    """Georgia's shared and unshared releases (the same four pages of text), extracted."""
    extraction_run()
    db.session.expire_all()
    return shared_evidence


def _search(client, campaign_id, query, **args):
    return client.get(f"/campaigns/{campaign_id}/search", query_string={"q": query, **args})


def _hit_pages(html: str) -> list[str]:
    return re.findall(r'class="hit-page" href="([^"]+)"', html)


def test_a_member_finds_another_affiliates_shared_page_with_snippet_and_page_number(
        client, login, coalition, indexed):
    shared, kept = indexed
    login(coalition.fl_editor)
    response = _search(client, coalition.campaign_id, "rekognition")
    assert response.status_code == 200
    # Both of Georgia's releases hold the word on page 2; only the shared one is found.
    assert "1 page matches." in response.text
    assert "<mark>Rekognition</mark>" in response.text.replace("<mark>rekognition</mark>",
                                                               "<mark>Rekognition</mark>")
    assert f"Exhibit {shared.document.exhibit_number}" in response.text
    assert kept.document.exhibit_number not in response.text
    assert "Obtained by ACLU of Georgia" in response.text
    assert _hit_pages(response.text) == [
        f"/campaigns/{coalition.campaign_id}/documents/{shared.document_id}/pages/2"
        "?q=rekognition"]


def test_the_member_reads_the_hit_page_in_the_campaign_reader(client, login, coalition, indexed):
    shared, kept = indexed
    login(coalition.fl_editor)
    [link] = _hit_pages(_search(client, coalition.campaign_id, "rekognition").text)
    page = client.get(link.replace("&amp;", "&"))
    assert page.status_code == 200
    assert '<mark class="hit">Rekognition</mark>' in page.text
    assert "purchase order PO-77" in page.text
    assert "Obtained by ACLU of Georgia" in page.text
    # Every link stays inside the campaign: no owner's route, no marking form.
    assert f"/documents/{shared.document_id}/pages/" not in page.text.replace(
        f"/campaigns/{coalition.campaign_id}/documents/{shared.document_id}/pages/", "")
    assert 'id="mark-evidence"' not in page.text
    base = f"/campaigns/{coalition.campaign_id}/documents/{shared.document_id}/pages"
    image = client.get(f"{base}/2/image", query_string={"width": 160})
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert client.get(base, query_string={"page": 3}).headers["Location"].endswith(f"{base}/3")
    assert client.get(f"{base}/9").status_code == 404
    kept_base = f"/campaigns/{coalition.campaign_id}/documents/{kept.document_id}/pages"
    for path in (f"{kept_base}/1", f"{kept_base}/1/image?width=160", f"{kept_base}?page=1"):
        assert client.get(path).status_code == 404, path


def test_the_reader_shows_only_the_shared_items_of_the_document(
        client, login, coalition, indexed, make_evidence):
    shared, _ = indexed
    make_evidence(coalition.ga_editor, document=shared.document, page_from=4,
                  description="Georgia's private note on the invoice.")
    login(coalition.fl_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}/documents/{shared.document_id}"
                      "/pages/4")
    assert page.status_code == 200
    assert "Atlanta police face search log." in page.text
    assert "private note" not in page.text


@pytest.mark.parametrize("who", ["non-member", "former member"])
def test_search_and_reader_are_404_outside_the_campaign(client, login, coalition, indexed, who):
    shared, _ = indexed
    user = coalition.tx_admin
    if who == "former member":
        campaign_leave(membership=db.session.get(
            CampaignMember, (coalition.campaign_id, coalition.ga_admin.organisation_id)))
        user = coalition.ga_admin
    login(user)
    cid = coalition.campaign_id
    assert _search(client, cid, "rekognition").status_code == 404
    assert client.get(f"/campaigns/{cid}/search").status_code == 404
    base = f"/campaigns/{cid}/documents/{shared.document_id}/pages"
    for path in (f"{base}/2", f"{base}/2/image?width=160", f"{base}?page=2"):
        assert client.get(path).status_code == 404, path


def test_a_left_affiliates_shares_leave_the_search_of_those_who_stay(
        client, login, coalition, indexed):
    campaign_leave(membership=db.session.get(
        CampaignMember, (coalition.campaign_id, coalition.ga_admin.organisation_id)))
    login(coalition.fl_editor)
    response = _search(client, coalition.campaign_id, "rekognition")
    assert response.status_code == 200
    assert "No page of the documents shared into this campaign matches." in response.text


def test_revoking_the_share_removes_the_document_from_search_and_reader_at_once(
        client, login, coalition, indexed):
    shared, _ = indexed
    login(coalition.fl_editor)
    cid = coalition.campaign_id
    reader = f"/campaigns/{cid}/documents/{shared.document_id}/pages/2"
    assert "1 page matches." in _search(client, cid, "rekognition").text
    assert client.get(reader).status_code == 200
    share_revoke(share=db.session.scalar(select(CampaignShare)))
    assert "No page of the documents" in _search(client, cid, "rekognition").text
    assert client.get(reader).status_code == 404


@pytest.mark.parametrize("query", ['"face recog', '""', "*** ???", "scope:o1", "r1 OR",
                                   "-rekognition", "a" * 501])
def test_odd_queries_behave_as_on_the_organisations_search(client, login, coalition, indexed,
                                                            query):
    login(coalition.fl_editor)
    campaign = _search(client, coalition.campaign_id, query)
    own = client.get("/search", query_string={"q": query})
    assert campaign.status_code == own.status_code
    assert campaign.status_code in (200, 400)


def test_an_unclosed_quote_searches_the_words_and_says_so(client, login, coalition, indexed):
    login(coalition.fl_editor)
    response = _search(client, coalition.campaign_id, '"purchase order')
    assert response.status_code == 200
    assert "searched for the words purchase order." in response.text
    assert "1 page matches." in response.text


def test_an_empty_query_shows_the_form(client, login, coalition, indexed):
    login(coalition.ga_editor)
    response = _search(client, coalition.campaign_id, "")
    assert response.status_code == 200 and 'name="q"' in response.text
    assert 'id="search-total"' not in response.text


def _cli(runner, *args):
    result = runner.invoke(args=["search", *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_command_searches_a_campaign_with_json_lines(runner, coalition, indexed):
    shared, _ = indexed
    code, stdout, stderr = _cli(runner, "rekognition", "--campaign", str(coalition.campaign_id),
                                "--json")
    assert code == 0, stderr
    [hit] = [json.loads(line) for line in stdout.splitlines()]
    snippet = hit.pop("snippet")
    assert hit == {"exhibit": shared.document.exhibit_number, "document_id": shared.document_id,
                   "page": 2, "source": "file", "organisation": "ACLU of Georgia"}
    assert "Rekognition" in snippet
    code, table, _ = _cli(runner, "rekognition", "--campaign", str(coalition.campaign_id))
    lines = table.splitlines()
    assert code == 0 and lines[0] == "1 page match."  # the organisation search's wording
    assert lines[1].split() == ["Exhibit", "Page", "Text", "Snippet"]
    assert lines[2].startswith(shared.document.exhibit_number)


def test_the_command_refuses_an_unknown_campaign_and_two_scopes(runner, coalition, indexed):
    for campaign_id in ("999999", "0", str(2**40)):
        code, stdout, stderr = _cli(runner, "rekognition", "--campaign", campaign_id)
        assert code == 2 and stdout == "", campaign_id
        assert f"there is no campaign {campaign_id}" in stderr and "Traceback" not in stderr
    code, _, stderr = _cli(runner, "rekognition", "--campaign", "abc")
    assert code == 2 and "Traceback" not in stderr
    code, _, stderr = _cli(runner, "rekognition")
    assert code == 2 and "Give one of --organisation CODE or --campaign ID." in stderr
    code, _, stderr = _cli(runner, "rekognition", "--organisation", "GA", "--campaign",
                           str(coalition.campaign_id))
    assert code == 2 and "Give one of" in stderr
    code, _, stderr = _cli(runner, "*** ???", "--campaign", str(coalition.campaign_id))
    assert code == 2 and "type between one word" in stderr
    code, stdout, stderr = _cli(runner, '"purchase order', "--campaign",
                                str(coalition.campaign_id), "--json")
    assert code == 0 and "searched for: purchase order" in stderr
    assert len(stdout.splitlines()) == 1


def test_the_campaign_page_has_the_search_box_and_a_read_link_per_shared_item(
        client, login, coalition, indexed):
    shared, _ = indexed
    login(coalition.fl_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}").text
    assert f'action="/campaigns/{coalition.campaign_id}/search"' in page
    [read] = re.findall(r'class="read-shared" href="([^"]+)"', page)
    assert read == (f"/campaigns/{coalition.campaign_id}/documents/{shared.document_id}"
                    f"/pages/{shared.page_from}")
    assert client.get(read).status_code == 200


def test_a_shared_email_links_only_attachments_shared_too(
        client, login, coalition, make_request, make_document, make_evidence):
    from datetime import date

    from foia_tracker.campaigns.models import Campaign
    from foia_tracker.campaigns.services import request_link
    from foia_tracker.campaigns.sharing import evidence_share
    from foia_tracker.communications.services import communication_log
    from foia_tracker.communications.status import Direction, Kind

    from ..files import make_pdf
    from ..reader.test_whole_files import eml_with_attachment

    campaign = db.session.get(Campaign, coalition.campaign_id)
    request = make_request(coalition.ga_editor)
    entry = communication_log(request=request, actor=coalition.ga_editor, values={
        "kind": Kind.note, "direction": Direction.received, "occurred_on": date(2026, 3, 1),
        "summary": "Reply by e-mail", "body": "", "extension_days": None, "estimated_on": None})
    attachment = make_pdf(["The contract itself."])
    email = make_document(request, eml_with_attachment(attachment), name="reply.eml",
                          media_type="message/rfc822", communication=entry)
    contract = make_document(request, attachment, name="contract.pdf", page_count=1,
                             communication=entry)
    make_document(request, b"from winmail.dat", name="minutes.txt", media_type="text/plain",
                  communication=entry)
    request_link(campaign=campaign, request=request, actor=coalition.ga_editor)
    evidence_share(campaign=campaign, items=[make_evidence(
        coalition.ga_editor, document=email, page_from=None, description="The reply.")],
        actor=coalition.ga_editor)
    login(coalition.fl_editor)
    path = f"/campaigns/{campaign.id}/documents/{email.id}/pages/1"
    page = client.get(path)
    assert page.status_code == 200 and "Please find the contract attached." in page.text
    assert "contract.pdf" in page.text and "not shared into the campaign" in page.text
    assert f"/documents/{contract.id}/" not in page.text
    assert "minutes.txt" not in page.text and 'id="filed-with"' not in page.text
    evidence_share(campaign=campaign, items=[make_evidence(
        coalition.ga_editor, document=contract, page_from=1, description="The contract.")],
        actor=coalition.ga_editor)
    page = client.get(path)
    assert (f'href="/campaigns/{campaign.id}/documents/{contract.id}/pages/1">contract.pdf</a>'
            in page.text)


def test_every_page_of_a_campaign_search_counts_the_shared_matches_only(coalition, indexed):
    """The count comes with the ranked page (or, past the last page, apart): shared pages only."""
    from foia_tracker.campaigns.grants import shared_document_ids
    from foia_tracker.documents.search import DocumentScope, documents_search

    shared, _ = indexed
    scope = DocumentScope(granted=shared_document_ids(coalition.campaign_id),
                          campaign_id=coalition.campaign_id)
    # Three of the four pages hold one of the words, in the shared and the unshared release.
    pages = [documents_search(query="contract OR rekognition OR invoice", scope=scope,
                              page=number, per_page=2) for number in (1, 2, 3)]
    assert [len(page.hits) for page in pages] == [2, 1, 0]
    assert [page.total for page in pages] == [3, 3, 3]
    found = [hit for page in pages for hit in page.hits]
    assert {hit.document_id for hit in found} == {shared.document_id}
    assert sorted(hit.page_number for hit in found) == [1, 2, 4]


def test_the_search_follows_shares_revokes_corrections_and_deletions(coalition, indexed):
    """What the search finds changes with the shares and the pages, whichever row changed."""
    from foia_tracker.campaigns.grants import shared_document_ids
    from foia_tracker.campaigns.models import Campaign
    from foia_tracker.campaigns.sharing import evidence_share
    from foia_tracker.documents.models import DocumentPage
    from foia_tracker.documents.search import DocumentScope, documents_search
    from foia_tracker.documents.services import document_delete

    shared, kept = indexed
    campaign = db.session.get(Campaign, coalition.campaign_id)

    def found(query: str) -> set[tuple[int, int]]:
        scope = DocumentScope(granted=shared_document_ids(campaign.id), campaign_id=campaign.id)
        if db.engine.dialect.name == "sqlite":
            # The shared pages' index must hold exactly what its view says after every change.
            db.session.execute(text("INSERT INTO document_page_fts_shared"
                                    "(document_page_fts_shared, rank) VALUES('integrity-check', 1)"))
        return {(hit.document_id, hit.page_number)
                for hit in documents_search(query=query, scope=scope).hits}

    assert found("rekognition") == {(shared.document_id, 2)}
    evidence_share(campaign=campaign, items=[kept], actor=coalition.ga_editor)
    assert found("rekognition") == {(shared.document_id, 2), (kept.document_id, 2)}
    # A page read again (OCR, a corrected extraction) is searched by its new words.
    page = db.session.scalar(select(DocumentPage).where(
        DocumentPage.document_id == shared.document_id, DocumentPage.page_number == 2))
    page.text = "Corrected reading: Clearview AI licence."
    db.session.commit()
    assert found("rekognition") == {(kept.document_id, 2)}
    assert found("clearview") == {(shared.document_id, 2)}
    share_revoke(share=db.session.scalar(
        select(CampaignShare).where(CampaignShare.document_id == shared.document_id)))
    assert found("clearview") == set()
    document_delete(document=kept.document, actor=coalition.ga_admin, reason="Wrong request.")
    assert found("rekognition") == set()


def test_pages_shared_before_the_upgrade_that_added_their_index_are_found_after_it(
        app, coalition, indexed):
    from flask_migrate import downgrade, stamp, upgrade
    from sqlalchemy import inspect

    from foia_tracker.campaigns.grants import shared_document_ids
    from foia_tracker.documents.search import DocumentScope, documents_search

    shared, _ = indexed
    db.session.commit()
    # The tests' schema comes from create_all: mark it as migrated, go down one step and up.
    stamp(revision="head")
    try:
        downgrade(revision="0026_live_document_count")
        if db.engine.dialect.name == "sqlite":
            assert not inspect(db.engine).has_table("document_page_fts_shared")
        upgrade(revision="head")
    finally:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    scope = DocumentScope(granted=shared_document_ids(coalition.campaign_id),
                          campaign_id=coalition.campaign_id)
    found = documents_search(query="rekognition", scope=scope)
    assert [(hit.document_id, hit.page_number) for hit in found.hits] == [(shared.document_id, 2)]
