"""The campaign page lists linked requests a page at a time, and its pager stays on the campaign."""

from foia_tracker.campaigns.models import Campaign
from foia_tracker.campaigns.services import request_link
from foia_tracker.extensions import db


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
