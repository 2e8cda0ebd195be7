"""Every campaign route that takes an id: 404 for an organisation outside the campaign."""

import pytest
from sqlalchemy import select

from foia_tracker.campaigns.models import Campaign, CampaignShare
from foia_tracker.campaigns.services import campaign_create
from foia_tracker.coalition_letters.services import campaign_letter_create
from foia_tracker.extensions import db

from ..conftest import csrf_token

AREAS = ("campaigns.", "coalition_letters.", "campaign_documents.")


def _routes(app) -> list:
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith(AREAS) and "campaign_id" in rule.arguments]


@pytest.fixture
def ids(coalition, shared_evidence):
    shared, _ = shared_evidence
    letter = campaign_letter_create(
        campaign=db.session.get(Campaign, coalition.campaign_id), actor=coalition.fl_editor,
        values={"title": "T", "addressee": "", "letter_date": shared.document.uploaded_at.date(),
                "body": f"[@E{shared.id}]", "signatories": ""})
    return {"campaign_id": coalition.campaign_id, "request_id": shared.document.request_id,
            "document_id": shared.document_id, "letter_id": letter.id, "fmt": "csv", "number": 1,
            "share_id": db.session.scalar(select(CampaignShare.id)),
            "organisation_id": coalition.ga_admin.organisation_id}


@pytest.mark.parametrize("outsider", ["non-member", "member-of-another-campaign"])
def test_every_campaign_route_with_an_id_is_404_outside_the_campaign(app, client, coalition, ids,
                                                                     login, outsider):
    if outsider == "member-of-another-campaign":
        campaign_create(organisation_id=coalition.tx_admin.organisation_id,
                        actor=coalition.tx_admin, values={
                            "title": "Other", "description": "", "technologies": "",
                            "started_on": coalition.tx_admin.created_at.date()})
    login(coalition.tx_admin)
    token = csrf_token(client, "/campaigns/")
    routes = _routes(app)
    assert len(routes) >= 19
    assert {"campaign_documents.search", "campaign_documents.page",
            "campaign_documents.image", "campaign_documents.go"} <= {r.endpoint for r in routes}
    for rule in routes:
        path = rule.build({name: ids[name] for name in rule.arguments})[1]
        if "GET" in rule.methods:
            assert client.get(path).status_code == 404, path
        if "POST" in rule.methods:
            response = client.post(path, data={"csrf_token": token, "organisation_code": "TX",
                                               "item_ids": "1", "title": "x",
                                               "letter_date": "2018-06-01"})
            assert response.status_code == 404, path
