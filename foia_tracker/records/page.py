"""The request page, rendered the same way by every view that shows it (also with errors)."""

from flask import render_template
from flask_login import current_user

from ..campaigns.request_panel import campaigns_context
from ..communications.forms import CommunicationForm
from ..documents.access import documents_context
from ..followups.query import current_followup
from .deadline_view import deadline_context
from .labels import request_labels
from .models import RecordsRequest


def render_request_page(records_request: RecordsRequest, *, communication_form=None,
                        upload_form=None, status: int = 200):
    """Return the request page with its deadlines, timeline and documents, and the status."""
    if communication_form is None and current_user.can_edit:
        communication_form = _blank_form(records_request)
    return render_template(
        "records/show.html", records_request=records_request,
        labels=request_labels(records_request.id), log_form=communication_form,
        followup=current_followup(records_request),
        **deadline_context(records_request),
        **documents_context(records_request, upload_form=upload_form),
        **campaigns_context(records_request)), status


def _blank_form(records_request: RecordsRequest) -> CommunicationForm:
    # Its CSRF token is the page's, written next to the fields; a form sent to another view
    # must not fill this one.
    return CommunicationForm(formdata=None, meta={"csrf": False},
                             jurisdiction=records_request.agency.jurisdiction)
