"""Pages with a form per row name each element once: ids stay unique for assistive technology."""

from collections import Counter
from html.parser import HTMLParser

from foia_tracker.campaigns.models import CampaignMember
from foia_tracker.extensions import db


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")


def repeated_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return [id_ for id_, count in parser.ids.items() if count > 1]


def test_the_lead_admins_campaign_page_repeats_no_id(client, login, coalition, shared_evidence,
                                                     make_organisation):
    from foia_tracker.campaigns.models import Campaign
    from foia_tracker.campaigns.services import campaign_invite, invitation_answer

    # A second member gives the lead a second Remove form; the shared item a Revoke form.
    campaign = db.session.get(Campaign, coalition.campaign_id)
    ohio = make_organisation("ACLU of Ohio", "OH")
    campaign_invite(campaign=campaign, organisation_code="OH", actor=coalition.fl_admin)
    invitation_answer(membership=db.session.get(CampaignMember, (campaign.id, ohio.id)),
                      accept=True)
    login(coalition.fl_admin)
    page = client.get(f"/campaigns/{coalition.campaign_id}")
    assert page.status_code == 200 and page.text.count('name="csrf_token"') >= 3
    assert repeated_ids(page.text) == []


def test_a_linked_request_page_repeats_no_id(client, login, coalition, shared_evidence):
    shared, _ = shared_evidence
    login(coalition.ga_editor)
    page = client.get(f"/requests/{shared.document.request_id}")
    # The log form, the upload form, the Unlink form and the timeline's Remove forms.
    assert page.status_code == 200 and page.text.count('name="csrf_token"') >= 3
    assert repeated_ids(page.text) == []
