"""The campaign page shows a bounded amount: linked requests and shared evidence a page at a
time, each with its own pager; sharing has its own page, paged too."""

from sqlalchemy import select

from foia_tracker.campaigns.models import Campaign, CampaignShare
from foia_tracker.campaigns.services import request_link
from foia_tracker.campaigns.sharing import evidence_share
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from ..conftest import csrf_token


def test_more_linked_requests_than_a_page_are_paged(app, client, coalition, make_request, login):
    app.config["PER_PAGE"] = 2
    campaign = db.session.get(Campaign, coalition.campaign_id)
    for n in range(3):
        request = make_request(coalition.fl_editor, title=f"Linked request {n}")
        request_link(campaign=campaign, request=request, actor=coalition.fl_editor)
    login(coalition.ga_editor)

    first = client.get(f"/campaigns/{campaign.id}")
    assert first.status_code == 200
    assert f'href="/campaigns/{campaign.id}?page=2" rel="next"' in first.text
    second = client.get(f"/campaigns/{campaign.id}?page=2")
    assert second.status_code == 200
    assert "Page 2 of 2 (3 in all)" in second.text
    assert f'href="/campaigns/{campaign.id}?page=1" rel="prev"' in second.text
    # Past the last page no row carries the count: the total is still told, the way back too.
    beyond = client.get(f"/campaigns/{campaign.id}?page=5")
    assert beyond.status_code == 200
    assert "No linked request matches." in beyond.text
    assert "Page 5 of 2 (3 in all)" in beyond.text
    assert f'href="/campaigns/{campaign.id}?page=4" rel="prev"' in beyond.text


def _georgia_items(coalition, make_evidence, make_release, count: int) -> list:
    """Return `count` items of Georgia on one release, its request linked to the campaign."""
    document = make_release(coalition.ga_editor)
    items = [make_evidence(coalition.ga_editor, document=document, description=f"Log {n}")
             for n in range(count)]
    request_link(campaign=db.session.get(Campaign, coalition.campaign_id),
                 request=document.request, actor=coalition.ga_editor)
    return items


def _evidence_section(html: str) -> str:
    return html.split('id="evidence"')[1].split("</section>")[0]


def test_shared_evidence_is_paged_apart_from_the_linked_requests(app, client, coalition,
                                                                  make_evidence, make_release,
                                                                  login):
    items = _georgia_items(coalition, make_evidence, make_release, 3)
    evidence_share(campaign=db.session.get(Campaign, coalition.campaign_id), items=items,
                   actor=coalition.ga_editor)
    app.config["PER_PAGE"] = 2
    login(coalition.fl_editor)
    url = f"/campaigns/{coalition.campaign_id}"

    first = _evidence_section(client.get(url).text)
    assert 'id="shared-%d"' % items[0].id in first and 'id="shared-%d"' % items[1].id in first
    assert 'id="shared-%d"' % items[2].id not in first
    assert f'href="{url}?evidence_page=2#evidence" rel="next"' in first
    # The evidence pager keeps the request list's page, and the other way round.
    second = _evidence_section(client.get(f"{url}?page=1&evidence_page=2").text)
    assert 'id="shared-%d"' % items[2].id in second and 'id="shared-%d"' % items[0].id not in second
    assert "Page 2 of 2 (3 in all)" in second
    assert f'href="{url}?page=1&amp;evidence_page=1#evidence" rel="prev"' in second


def test_sharing_has_its_own_paged_page_linked_from_the_campaign(app, client, coalition,
                                                                 make_evidence, make_release,
                                                                 login):
    items = _georgia_items(coalition, make_evidence, make_release, 3)
    app.config["PER_PAGE"] = 2
    login(coalition.ga_editor)
    url = f"/campaigns/{coalition.campaign_id}"
    campaign_page = client.get(url).text
    assert f'href="{url}/shares"' in campaign_page and 'name="item_ids"' not in campaign_page

    first = client.get(f"{url}/shares")
    assert first.status_code == 200
    boxes = [f'name="item_ids" value="{item.id}"' for item in items]
    assert boxes[0] in first.text and boxes[1] in first.text and boxes[2] not in first.text
    second = client.get(f"{url}/shares?page=2")
    assert boxes[2] in second.text and "Page 2 of 2 (3 in all)" in second.text

    # An item of the second page is shared as well as one of the first.
    response = client.post(f"{url}/shares", data={
        "item_ids": str(items[2].id), "csrf_token": csrf_token(client, f"{url}/shares")})
    assert response.status_code == 302 and response.location.endswith(f"{url}#evidence")
    assert db.session.scalars(select(CampaignShare.evidence_item_id)).all() == [items[2].id]
    assert boxes[2] not in client.get(f"{url}/shares?page=2").text


def test_the_share_page_refuses_what_is_not_a_shareable_item(client, coalition, make_evidence,
                                                              make_release, login):
    items = _georgia_items(coalition, make_evidence, make_release, 1)
    login(coalition.ga_editor)
    url = f"/campaigns/{coalition.campaign_id}/shares"
    for chosen in ("abc", "9" * 400, "", str(items[0].id + 1000)):
        response = client.post(url, data={"item_ids": chosen, "csrf_token": csrf_token(client, url)})
        assert response.status_code == 400, chosen
        assert 'role="alert"' in response.text and f'value="{items[0].id}"' in response.text
    assert db.session.scalar(select(CampaignShare)) is None


def test_viewers_do_not_get_the_share_page(client, coalition, make_user, login):
    login(make_user(Role.viewer, organisation=coalition.ga_editor.organisation))
    url = f"/campaigns/{coalition.campaign_id}"
    assert client.get(f"{url}/shares").status_code == 403
    assert f'href="{url}/shares"' not in client.get(url).text


def test_the_share_page_says_when_there_is_nothing_to_share(client, coalition, login):
    login(coalition.ga_editor)
    page = client.get(f"/campaigns/{coalition.campaign_id}/shares")
    assert page.status_code == 200 and "None to share" in page.text


def test_the_linked_requests_sort_by_state_agency_and_deadline(client, coalition, make_request,
                                                               make_agency, login):
    from datetime import date

    campaign = db.session.get(Campaign, coalition.campaign_id)
    rows = (("Zephyrhills Police", "FL", date(2018, 6, 1)), ("Athens Police", "GA", date(2018, 7, 1)),
            ("Miami Police", "FL", date(2018, 5, 1)))
    for agency, state, sent_on in rows:
        request = make_request(coalition.fl_editor, agency=make_agency(agency, jurisdiction=state),
                               sent_on=sent_on, title=f"Asked {agency}")
        request_link(campaign=campaign, request=request, actor=coalition.fl_editor)
    login(coalition.ga_editor)

    def order(sort: str) -> list[str]:
        html = client.get(f"/campaigns/{campaign.id}?sort={sort}").text
        table = html.split('class="campaign-requests"')[1].split("</table>")[0]
        return [agency for agency, _, _ in sorted(rows, key=lambda row: table.index(row[0]))]

    assert order("agency") == ["Athens Police", "Miami Police", "Zephyrhills Police"]
    assert order("state") == ["Miami Police", "Zephyrhills Police", "Athens Police"]
    assert order("deadline") == ["Miami Police", "Zephyrhills Police", "Athens Police"]
