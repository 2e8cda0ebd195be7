"""Use-cases for campaigns: create, invite, answer, leave, link requests, share evidence."""

from sqlalchemy import select

from ..coalition_letters.models import CampaignLetter, CampaignLetterSignature
from ..db_types import utcnow
from ..extensions import db
from ..orgs.models import Organisation
from ..records.models import RecordsRequest
from ..users.models import User
from .errors import CampaignRefused
from .models import Campaign, CampaignMember, CampaignRequest, MembershipStatus
from .sharing import shares_of_request, shares_revoke

#: Bounds one bulk link; a filtered list longer than this is narrowed first.
MAX_BULK_LINK = 5000


def campaign_create(*, organisation_id: int, actor: User, values: dict) -> Campaign:
    """Create a campaign led by the organisation, which is its first member."""
    campaign = Campaign(lead_organisation_id=organisation_id, created_by_id=actor.id, **values)
    campaign.audit_reason = "campaign created"
    db.session.add(campaign)
    db.session.add(CampaignMember(campaign=campaign, organisation_id=organisation_id,
                                  status=MembershipStatus.member, invited_by_id=actor.id,
                                  responded_at=utcnow()))
    db.session.commit()
    return campaign


def campaign_invite(*, campaign: Campaign, organisation_code: str, actor: User) -> Organisation:
    """Invite the organisation with this code; an earlier decline or departure is re-invited."""
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.code == organisation_code.strip().upper()))
    if organisation is None:
        raise CampaignRefused(f"No organisation of this installation has the code "
                              f"{organisation_code.strip().upper()}.", status=422)
    membership = db.session.get(CampaignMember, (campaign.id, organisation.id))
    if membership is not None and membership.status in (MembershipStatus.member,
                                                        MembershipStatus.invited):
        raise CampaignRefused(f"{organisation.name} is already "
                              f"{'a member' if membership.status == MembershipStatus.member else 'invited'}.")
    if membership is None:
        membership = CampaignMember(campaign=campaign, organisation=organisation)
        db.session.add(membership)
    membership.status = MembershipStatus.invited
    membership.invited_by_id = actor.id
    membership.invited_at = utcnow()
    membership.responded_at = None
    membership.audit_reason = "organisation invited"
    db.session.commit()
    return organisation


def invitation_answer(*, membership: CampaignMember, accept: bool) -> None:
    """Accept or decline an invitation."""
    if membership.status != MembershipStatus.invited:
        raise CampaignRefused("This invitation was already answered.")
    membership.status = MembershipStatus.member if accept else MembershipStatus.declined
    membership.responded_at = utcnow()
    membership.audit_reason = "invitation accepted" if accept else "invitation declined"
    db.session.commit()


def campaign_leave(*, membership: CampaignMember) -> None:
    """Leave a campaign: at once, the others see nothing of ours and we nothing of theirs."""
    if membership.organisation_id == membership.campaign.lead_organisation_id:
        raise CampaignRefused("The lead organisation cannot leave its campaign.")
    if membership.status != MembershipStatus.member:
        raise CampaignRefused("Your organisation is not a member of this campaign.")
    _membership_end(membership, reason="left the campaign")


def member_remove(*, campaign: Campaign, organisation_id: int) -> Organisation:
    """Remove a member organisation, to the same effect as if it had left; return it."""
    membership = db.session.get(CampaignMember, (campaign.id, organisation_id))
    if membership is None:
        raise CampaignRefused("No organisation with this id was ever invited to this campaign.",
                              status=404)
    if organisation_id == campaign.lead_organisation_id:
        raise CampaignRefused("The lead organisation cannot remove itself from its campaign.")
    if membership.status != MembershipStatus.member:
        raise CampaignRefused(f"{membership.organisation.name} is not a member of this campaign "
                              f"(its place: {membership.status.value.lower()}); nothing changed.")
    _membership_end(membership, reason="removed by the lead organisation")
    return membership.organisation


def _membership_end(membership: CampaignMember, *, reason: str) -> None:
    # Shares and links stay as rows: grants count only while their owner is a member, so both
    # sides lose access at once, and a final letter's frozen copy is untouched. A signature on
    # a draft goes, or the draft would later be made final in the name of a non-member.
    membership.status = MembershipStatus.left
    membership.responded_at = utcnow()
    membership.audit_reason = reason
    for signature in db.session.scalars(
            select(CampaignLetterSignature).join(CampaignLetter)
            .where(CampaignLetter.campaign_id == membership.campaign_id,
                   CampaignLetter.finalised_at.is_(None),
                   CampaignLetterSignature.organisation_id == membership.organisation_id)):
        signature.audit_reason = f"signature withdrawn: {reason}"
        db.session.delete(signature)
    db.session.commit()


def request_link(*, campaign: Campaign, request: RecordsRequest, actor: User) -> None:
    """Link one of the organisation's requests to the campaign (its metadata only)."""
    if db.session.get(CampaignRequest, (campaign.id, request.id)) is not None:
        raise CampaignRefused(f"{request.reference} is already linked to this campaign.")
    _add_link(campaign, request.id, request.organisation_id, actor)
    db.session.commit()


def requests_link_bulk(*, campaign: Campaign, request_ids: list[int], organisation_id: int,
                       actor: User) -> int:
    """Link the organisation's requests among request_ids not yet linked; return how many."""
    if len(request_ids) > MAX_BULK_LINK:
        raise CampaignRefused(f"Narrow the list to at most {MAX_BULK_LINK} requests first.",
                              status=422)
    linked = set(db.session.scalars(select(CampaignRequest.request_id).where(
        CampaignRequest.campaign_id == campaign.id, CampaignRequest.organisation_id == organisation_id)))
    owned = db.session.scalars(select(RecordsRequest.id).where(
        RecordsRequest.id.in_(request_ids), RecordsRequest.organisation_id == organisation_id))
    new = [request_id for request_id in owned if request_id not in linked]
    for request_id in new:
        _add_link(campaign, request_id, organisation_id, actor)
    db.session.commit()
    return len(new)


def _add_link(campaign: Campaign, request_id: int, organisation_id: int, actor: User) -> None:
    link = CampaignRequest(campaign=campaign, request_id=request_id,
                           organisation_id=organisation_id, linked_by_id=actor.id)
    link.audit_reason = "request linked"
    db.session.add(link)


def request_unlink(*, link: CampaignRequest) -> None:
    """Unlink a request; the evidence shared from it is unshared with it, in one step."""
    shares_revoke(shares=shares_of_request(link), commit=False)
    link.audit_reason = "request unlinked"
    db.session.delete(link)
    db.session.commit()
