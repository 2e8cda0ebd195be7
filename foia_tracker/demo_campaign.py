"""The demo's 2018 campaign: five affiliates, their requests linked, evidence shared, a letter."""

from datetime import date

from sqlalchemy import select

from .audit.recorder import acting_as
from .campaigns.models import Campaign, CampaignMember
from .campaigns.services import (campaign_create, campaign_invite, invitation_answer,
                                 requests_link_bulk)
from .campaigns.sharing import evidence_share
from .coalition_letters.services import campaign_letter_create, campaign_letter_sign
from .evidence.models import EvidenceItem
from .extensions import db
from .letters.citations import citation_code
from .orgs.models import Organisation
from .records.models import RecordsRequest
from .users.models import Role, User

LEAD = "OR"


def seed_demo_campaign(today: date) -> None:
    """Start the campaign, let every affiliate join, link, share, and write a coalition letter."""
    admins = {organisation.code: _admin(organisation)
              for organisation in db.session.scalars(select(Organisation).order_by(Organisation.code))}
    lead = admins[LEAD]
    with acting_as(lead):
        campaign = campaign_create(organisation_id=lead.organisation_id, actor=lead, values={
            "title": "Face recognition records campaign 2018",
            "description": "Affiliates in five states ask their police and sheriffs what face "
                           "recognition they bought, how they use it, and under which policy.",
            "technologies": "Face recognition", "started_on": date(2018, 5, 1)})
        for code in admins:
            if code != LEAD:
                campaign_invite(campaign=campaign, organisation_code=code, actor=lead)
    for code, admin in admins.items():
        with acting_as(admin):
            if code != LEAD:
                invitation_answer(membership=db.session.get(
                    CampaignMember, (campaign.id, admin.organisation_id)), accept=True)
            requests_link_bulk(campaign=campaign, organisation_id=admin.organisation_id,
                               actor=admin, request_ids=list(db.session.scalars(
                                   select(RecordsRequest.id).where(
                                       RecordsRequest.organisation_id == admin.organisation_id))))
    shared = {code: _share_all(campaign, admin) for code, admin in admins.items()}
    _letter(campaign, lead, admins["CA"], shared, today)


def _admin(organisation: Organisation) -> User:
    return db.session.scalar(select(User).where(User.organisation_id == organisation.id,
                                                User.role == Role.admin).order_by(User.id))


def _share_all(campaign: Campaign, admin: User) -> list[EvidenceItem]:
    items = list(db.session.scalars(select(EvidenceItem).where(
        EvidenceItem.organisation_id == admin.organisation_id).order_by(EvidenceItem.id)))
    if items:
        with acting_as(admin):
            evidence_share(campaign=campaign, items=items, actor=admin)
    return items


def _letter(campaign: Campaign, lead: User, partner: User, shared: dict, today: date) -> None:
    oregon, california = shared[LEAD], shared["CA"]
    body = (
        "Dear Members of the Committee,\n\n"
        "Records obtained by affiliates in several states show how quickly police adopted face "
        f"recognition. In Oregon a sheriff's office bought Amazon Rekognition "
        f"{citation_code(oregon[0].id)}; in California the San Diego police bought mobile face "
        f"recognition for 1,300 devices {citation_code(california[0].id)}.\n\n"
        "We ask the Committee to hold hearings before any further purchase.\n\nSincerely,")
    with acting_as(lead):
        letter = campaign_letter_create(campaign=campaign, actor=lead, values={
            "title": "Face recognition across the states: a coalition letter",
            "addressee": "Committee on the Judiciary", "letter_date": today, "body": body,
            "signatories": ""})
        campaign_letter_sign(letter=letter, actor=lead)
    with acting_as(partner):
        campaign_letter_sign(letter=letter, actor=partner)
