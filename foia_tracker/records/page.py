"""The request page, rendered the same way by every view that shows it (also with errors)."""

from flask import current_app, render_template
from flask_login import current_user
from markupsafe import Markup

from ..communications.forms import CommunicationForm
from ..documents.access import documents_context
from ..web.page_cache import RenderedPart, page_part, render_part
from .deadline_view import deadline_context
from .labels import request_labels
from .models import RecordsRequest

_LOG_FIELDS = "records/_log_fields.html"
_BLANK_LOG_FIELDS = "foia_tracker.records.blank_log_fields"


def render_request_page(records_request: RecordsRequest, *, communication_form=None,
                        upload_form=None, status: int = 200):
    """Return the request page with its deadlines, timeline and documents, and the status.

    With no form to show back (with its errors), the page is the same for every viewer of a role
    until the organisation's data changes, and comes from the page cache.
    """
    if communication_form is None and upload_form is None:
        content = page_part(
            "records.show", lambda: _content(records_request), form_tokens=True,
            variant=(records_request.id, current_user.can_edit)).html
    else:
        content = _content(records_request, communication_form, upload_form).html
    return render_template("records/show.html", records_request=records_request,
                           content=content), status


def _content(records_request: RecordsRequest, communication_form=None,
             upload_form=None) -> RenderedPart:
    return render_part(
        "records/_page.html", records_request=records_request,
        labels=request_labels(records_request.id),
        log_fields=log_form_fields(records_request, communication_form),
        **deadline_context(records_request),
        **documents_context(records_request, upload_form=upload_form))


def log_form_fields(records_request: RecordsRequest, form: CommunicationForm | None) -> Markup:
    """Return the fields of the form to log a communication: the one given, or an empty one."""
    if form is not None:
        return _rendered(form)
    # An empty form is the same HTML on every page (the jurisdiction only matters to validation)
    # and its selects are slow to render, so an app renders it once; where templates reload
    # (debug) it is rendered each time, so that an edit to them shows.
    if current_app.jinja_env.auto_reload:
        return _rendered(_blank_form(records_request))
    if _BLANK_LOG_FIELDS not in current_app.extensions:
        current_app.extensions[_BLANK_LOG_FIELDS] = _rendered(_blank_form(records_request))
    return current_app.extensions[_BLANK_LOG_FIELDS]


def _blank_form(records_request: RecordsRequest) -> CommunicationForm:
    # Its CSRF token is the page's, written next to the fields; a form sent to another view
    # must not fill this one.
    return CommunicationForm(formdata=None, meta={"csrf": False},
                             jurisdiction=records_request.agency.jurisdiction)


def _rendered(form: CommunicationForm) -> Markup:
    return Markup(render_template(_LOG_FIELDS, form=form))
