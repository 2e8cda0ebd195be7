"""The request page's Campaigns section: where the request is linked, and the link form."""

from flask_login import current_user

from ..records.models import RecordsRequest
from .access import campaigns_of_request, member_campaigns
from .forms import BulkLinkForm, ConfirmForm, LinkForm


def campaigns_context(records_request: RecordsRequest) -> dict:
    """Return what the request page's Campaigns section needs."""
    campaigns = campaigns_of_request(records_request)
    links = [campaign for campaign in campaigns if campaign.is_linked]
    choices = ([campaign for campaign in campaigns if not campaign.is_linked]
               if current_user.can_edit else [])
    return {"campaign_links": links, "campaign_link_form": LinkForm(campaigns=choices),
            "campaign_choices": choices, "campaign_confirm": ConfirmForm()}


def bulk_link_form() -> BulkLinkForm | None:
    """Return the request list's form that links every listed request, for editors in campaigns."""
    if not current_user.can_edit:
        return None
    return BulkLinkForm(campaigns=member_campaigns())
