"""A campaign's shared evidence as an export subject: every format, each row's organisation."""

from ..exports.rows import shared_rows
from ..exports.subject import ExportSubject
from .grants import shared_item_ids
from .models import Campaign


def campaign_subject(campaign: Campaign) -> ExportSubject:
    """Return the export subject of the evidence shared into the campaign now."""
    campaign_id = campaign.id
    return ExportSubject(organisation_code=f"campaign-{campaign_id}",
                         organisation_name=campaign.title, letter=None, names_organisation=True,
                         rows=lambda: shared_rows(shared_item_ids(campaign_id)))
