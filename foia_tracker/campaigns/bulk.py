"""The requests a filtered request list shows, for linking them all to a campaign at once."""

from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..records.access import chosen_agency, organisation_users
from ..records.forms import RequestFilterForm
from ..records.query import requests_query
from ..web.forms import options
from .services import MAX_BULK_LINK


def filtered_request_ids(args: MultiDict) -> tuple[list[int], str | None]:
    """Return the ids the request list shows for these filters, or a problem to report."""
    form = RequestFilterForm(args)
    form.assignee.choices = options([("", "Anyone")] + [(u.id, u.name) for u in organisation_users()])
    valid = form.validate()
    chosen_agency(form.agency)
    if not valid or form.agency.errors:
        return [], "The request list's filters are not valid; filter the list again."
    query = requests_query(current_user.organisation_id, form.narrowed(form.filters()))
    # One over the bound, so that the service can tell the user to narrow the list.
    return list(db.session.scalars(query.order_by(None).limit(MAX_BULK_LINK + 1))), None
