"""The request page's Campaigns section: where the request is linked, and the link form."""

from flask_login import current_user

from ..records.models import RecordsRequest
from .access import member_campaigns, request_links
from .forms import BulkLinkForm, ConfirmForm, LinkForm


def campaigns_context(records_request: RecordsRequest) -> dict:
    """Return what the request page's Campaigns section needs."""
    links = request_links(records_request)
    linked = {link.campaign_id for link in links}
    campaigns = ([c for c in member_campaigns() if c.id not in linked]
                 if current_user.can_edit else [])
    return {"campaign_links": links, "campaign_link_form": LinkForm(campaigns=campaigns),
            "campaign_choices": campaigns, "campaign_confirm": ConfirmForm()}


def bulk_link_form() -> BulkLinkForm | None:
    """Return the request list's form that links every listed request, for editors in campaigns."""
    if not current_user.can_edit:
        return None
    return BulkLinkForm(campaigns=member_campaigns())
