"""Forms of campaigns: create, invite, link requests, share evidence, filter the page."""

from wtforms import BooleanField
from wtforms.validators import InputRequired, Optional, Regexp

from ..communications.status import Status
from ..deadlines.jurisdictions import JURISDICTIONS
from ..orgs.forms import CODE_PATTERN, CODE_RULE
from ..records.forms import MultiCheckboxField
from ..web.date_field import IsoDateField
from ..web.forms import AppForm, SelectField, int_or_none, options, text
from .overview import SORTS, CampaignFilters


class CampaignForm(AppForm):
    title = text("Title", max=200, required=True)
    description = text("Description", max=20_000, multiline=True)
    technologies = text("Technologies", max=500,
                        description="Separate them with commas, e.g. Face recognition, Drones.")
    started_on = IsoDateField("Start date",
                              validators=[InputRequired(message="Give the campaign's start date.")])

    def values(self) -> dict:
        names = [name.strip() for name in (self.technologies.data or "").split(",")]
        return {"title": self.title.data, "description": self.description.data or "",
                "technologies": ", ".join(dict.fromkeys(name for name in names if name)),
                "started_on": self.started_on.data}


class InviteForm(AppForm):
    organisation_code = text("Organisation code", max=8, required=True,
                             description="The short code of the affiliate, e.g. FL.",
                             checks=[Regexp(CODE_PATTERN, message=CODE_RULE)])


class ConfirmForm(AppForm):
    """A button that changes something: only the CSRF token is posted."""


class LinkForm(AppForm):
    """Link a request to one of the organisation's campaigns."""

    campaign_id = SelectField("Campaign", coerce=int_or_none)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign_id.choices = options((c.id, c.title) for c in campaigns)


class BulkLinkForm(LinkForm):
    """Link every request of a filtered list: the list's filters travel as its query string."""

    filters = text("Filters", max=4000)


class ShareForm(AppForm):
    item_ids = MultiCheckboxField("Evidence to share", coerce=int_or_none)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids.choices = options((item.id, f"E{item.id}") for item in items)


#: The most items one form shares at once (its page shows PER_PAGE of them).
MAX_SHARED_AT_ONCE = 500


def posted_item_ids(formdata) -> list[int]:
    """Return the posted item ids that are numbers (the form refuses the others by name)."""
    values = formdata.getlist("item_ids")[:MAX_SHARED_AT_ONCE]
    # The length check comes first: int() of a long enough string of digits is an error.
    return [int(value) for value in values
            if 0 < len(value) <= 10 and value.isascii() and value.isdigit()]


class CampaignFilterForm(AppForm):
    class Meta:
        csrf = False

    state = SelectField("State", default="", choices=options(
        [("", "Any state")] + sorted(((code, j.name) for code, j in JURISDICTIONS.items()),
                                     key=lambda pair: pair[1])))
    organisation = SelectField("Organisation", coerce=int_or_none, default=None)
    status = SelectField("Status", default="", choices=options(
        [("", "Any status"), ("open", "Open")] + [(s.name, s.value) for s in Status]))
    overdue = BooleanField("Overdue only", validators=[Optional()])
    sort = SelectField("Sort by", default="deadline", choices=options(list(SORTS.items())))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = options([("", "Any organisation")] + list(organisations))

    def filters(self) -> CampaignFilters:
        """Return the filters; call after validate() succeeded."""
        return CampaignFilters(jurisdiction=self.state.data or "",
                               organisation_id=self.organisation.data,
                               status=self.status.data or "", is_overdue_only=self.overdue.data,
                               sort=self.sort.data or "deadline")
