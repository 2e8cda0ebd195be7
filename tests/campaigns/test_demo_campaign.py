"""The demo's 2018 campaign: five affiliates, linked requests, shared evidence, a letter."""

from sqlalchemy import select

from foia_tracker.coalition_letters.models import CampaignLetter
from foia_tracker.extensions import db

from ..letters.conftest import footnotes
from ..test_demo_evidence import _seed_and_log_in


def test_the_demo_campaign_spans_the_affiliates_and_its_letter_names_each_source(runner, client):
    _seed_and_log_in(runner, client)
    letter = db.session.scalar(select(CampaignLetter))
    campaign_page = client.get(f"/campaigns/{letter.campaign_id}")
    assert campaign_page.status_code == 200
    assert campaign_page.text.count("· Member") == 5
    assert "Washington County Sheriff&#39;s Office" in campaign_page.text
    page = client.get(f"/campaigns/{letter.campaign_id}/letters/{letter.id}").text
    notes = footnotes(page)
    assert "to the Oregon Civil Liberties Union (demo)" in notes[1]
    assert "to the California Civil Liberties Union (demo)" in notes[2]
    assert "California Civil Liberties Union (demo)" in page.split('class="signatories"')[1]
