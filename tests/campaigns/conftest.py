"""Three organisations, a campaign led by the first, and evidence on real PDF releases."""

from dataclasses import dataclass
from datetime import date

import pytest

from foia_tracker.campaigns.services import campaign_create, campaign_invite, invitation_answer
from foia_tracker.campaigns.sharing import evidence_share
from foia_tracker.campaigns.services import request_link
from foia_tracker.campaigns.models import CampaignMember
from foia_tracker.extensions import db
from foia_tracker.users.models import Role

from ..letters.conftest import make_evidence, make_release  # noqa: F401  (fixtures)


@dataclass
class Coalition:
    """Florida leads, Georgia joined, Texas is outside; each has an admin and an editor."""

    campaign_id: int
    fl_admin: object
    fl_editor: object
    ga_admin: object
    ga_editor: object
    tx_admin: object


@pytest.fixture
def coalition(make_organisation, make_user) -> Coalition:
    florida = make_organisation("ACLU of Florida", "FL")
    georgia = make_organisation("ACLU of Georgia", "GA")
    texas = make_organisation("ACLU of Texas", "TX")
    people = {f"{code}_{role.name}": make_user(role, organisation=org)
              for code, org in (("fl", florida), ("ga", georgia), ("tx", texas))
              for role in (Role.admin, Role.editor)}
    campaign = campaign_create(organisation_id=florida.id, actor=people["fl_admin"], values={
        "title": "Face recognition 2018", "description": "", "technologies": "Face recognition",
        "started_on": date(2018, 5, 1)})
    campaign_invite(campaign=campaign, organisation_code="GA", actor=people["fl_admin"])
    invitation_answer(membership=db.session.get(CampaignMember, (campaign.id, georgia.id)),
                      accept=True)
    return Coalition(campaign.id, people["fl_admin"], people["fl_editor"], people["ga_admin"],
                     people["ga_editor"], people["tx_admin"])


@pytest.fixture
def shared_evidence(coalition, make_evidence, make_agency):
    """Return (shared item of Georgia, unshared item of Georgia on another linked request)."""
    from foia_tracker.campaigns.models import Campaign

    campaign = db.session.get(Campaign, coalition.campaign_id)
    shared = make_evidence(coalition.ga_editor, description="Atlanta police face search log.",
                           quotation="12,000 searches")
    kept = make_evidence(coalition.ga_editor, description="Internal memo, not shared.")
    for item in (shared, kept):
        request_link(campaign=campaign, request=item.document.request, actor=coalition.ga_editor)
    evidence_share(campaign=campaign, items=[shared], actor=coalition.ga_editor)
    return shared, kept
