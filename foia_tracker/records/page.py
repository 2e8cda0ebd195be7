"""The request page, rendered the same way by every view that shows it (also with errors)."""

from flask import render_template

from ..communications.forms import CommunicationForm
from ..documents.access import documents_context
from .deadline_view import deadline_context
from .models import RecordsRequest


def render_request_page(records_request: RecordsRequest, *, communication_form=None,
                        upload_form=None, status: int = 200):
    """Return the request page with its deadlines, timeline and documents, and the status."""
    if communication_form is None:
        communication_form = CommunicationForm(jurisdiction=records_request.agency.jurisdiction)
    return render_template(
        "records/show.html", records_request=records_request,
        communication_form=communication_form, **deadline_context(records_request),
        **documents_context(records_request, upload_form=upload_form)), status
