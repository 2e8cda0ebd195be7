"""Forms to log a request and to filter the request list."""

import re
from dataclasses import replace

from wtforms import Field, SelectMultipleField, widgets
from wtforms.validators import Optional, ValidationError

from ..communications.status import Status
from ..deadlines.jurisdictions import jurisdiction_choices
from ..web.date_field import IsoDateField
from ..web.dates import local_today
from ..web.forms import AppForm, PairSelectField, SelectField, int_or_none, options, text
from ..web.widgets import HiddenInput
from .models import STANDARD_TECHNOLOGIES, Channel
from .query import RequestFilters

_SPLIT = re.compile(r"[\n,;]+")
MAX_TAGS = 20
MAX_TRACKING_NUMBERS = 10


#: Shown for an agency id no agency has: ids come from links, so the way out is the name box.
UNKNOWN_AGENCY = "No agency has this number: type part of the agency name instead."


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def split_list(value: str | None) -> list[str]:
    """Split a comma- or line-separated list, dropping blanks and duplicates."""
    items = [item.strip() for item in _SPLIT.split(value or "")]
    return list(dict.fromkeys(item for item in items if item))


class RequestForm(AppForm):
    # Checked against the agency ids (validate_agency_id), not by scanning thousands of choices,
    # which are built only when the form is shown.
    agency_id = PairSelectField("Agency", coerce=int, validate_choice=False)
    title = text("Title", max=200, required=True)
    body = text("Request text", max=50000, required=True, multiline=True)
    technologies = MultiCheckboxField(
        "Technologies", choices=options([(t, t) for t in STANDARD_TECHNOLOGIES]))
    other_tags = text("Other tags", max=1000, description="Separate tags with commas.")
    sent_on = IsoDateField("Date sent", validators=[Optional()],
                           description="Leave empty while the request is a draft.")
    channel = SelectField("Sent by", choices=options([("", "—")] + [(c.name, c.value) for c in Channel]))
    received_on = IsoDateField("Date the agency received it", validators=[Optional()],
                               description="Defaults to the date sent.")
    tracking_numbers = text("Agency tracking numbers", max=1100, multiline=True,
                            description="One per line.")
    assignee_id = SelectField("Assignee", coerce=int)
    watcher_ids = MultiCheckboxField("Watchers", coerce=int,
                                     description="Colleagues who also get this request's deadline alerts.")

    def __init__(self, *args, agencies, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        #: The AgencyDirectory: jurisdictions to check dates in the agency's own time zone.
        self._agencies = agencies
        self.agency_id.choices = agencies.options
        self.assignee_id.choices = options([(0, "Nobody")] + [(u.id, u.name) for u in assignees])
        self.watcher_ids.choices = options((u.id, u.name) for u in assignees)

    def validate_agency_id(self, field):
        if field.process_errors:  # not a number: said already
            return
        if self._agencies.jurisdiction_of(field.data) is None:
            raise ValidationError("Not a valid choice.")

    def validate_other_tags(self, field):
        tags = split_list(field.data)
        if len(tags) + len(self.technologies.data or []) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")
        if any(len(tag) > 60 for tag in tags):
            raise ValidationError("Each tag can have at most 60 characters.")

    def validate_tracking_numbers(self, field):
        numbers = split_list(field.data)
        if len(numbers) > MAX_TRACKING_NUMBERS:
            raise ValidationError(f"Enter at most {MAX_TRACKING_NUMBERS} tracking numbers.")
        if any(len(number) > 100 for number in numbers):
            raise ValidationError("Each tracking number can have at most 100 characters.")

    def validate_sent_on(self, field):
        if field.data and field.data > local_today(self._agencies.jurisdiction_of(self.agency_id.data)):
            raise ValidationError("The date sent cannot be in the future.")

    def validate_channel(self, field):
        if self.sent_on.data and not field.data:
            raise ValidationError("Say how the request was sent.")

    def validate_received_on(self, field):
        if field.data is None:
            return
        if self.sent_on.data is None:
            raise ValidationError("Enter the date sent first.")
        if field.data < self.sent_on.data:
            raise ValidationError("The agency cannot have received it before it was sent.")
        if field.data > local_today(self._agencies.jurisdiction_of(self.agency_id.data)):
            raise ValidationError("The date received cannot be in the future.")

    def values(self) -> dict:
        """Return the submitted values for the request service."""
        return {
            "agency_id": self.agency_id.data,
            "title": self.title.data,
            "body": self.body.data,
            "tags": list(dict.fromkeys((self.technologies.data or []) + split_list(self.other_tags.data))),
            "sent_on": self.sent_on.data,
            "channel": Channel[self.channel.data] if self.channel.data else None,
            "received_on": self.received_on.data or self.sent_on.data,
            "tracking_numbers": split_list(self.tracking_numbers.data),
            "assignee_id": self.assignee_id.data or None,
            "watcher_ids": self.watcher_ids.data or [],
        }

    def fill_from(self, request) -> None:
        """Pre-fill the form from an existing request."""
        self.agency_id.data = request.agency_id
        self.title.data, self.body.data = request.title, request.body
        names = [t.name for t in request.tags]
        self.technologies.data = [n for n in names if n in STANDARD_TECHNOLOGIES]
        self.other_tags.data = ", ".join(n for n in names if n not in STANDARD_TECHNOLOGIES)
        self.sent_on.data, self.received_on.data = request.sent_on, request.received_on
        self.channel.data = request.channel.name if request.channel else ""
        self.tracking_numbers.data = "\n".join(t.value for t in request.tracking_numbers)
        self.assignee_id.data = request.assignee_id or 0
        self.watcher_ids.data = [u.id for u in request.watchers]


class AgencyIdField(Field):
    """The agency a list is narrowed to, by id, as links from agency pages give it.

    A hidden input: 5,000 agencies make a select no one can scan (and a 350 KB page), so people
    type part of a name instead, and an id chosen by a link is shown by name with a way out.
    """

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = int_or_none(valuelist[0])
            except ValueError:
                self.data = None
                raise ValueError(UNKNOWN_AGENCY) from None

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def agency_name_field():
    """Return the filter box matching agencies whose name contains the text typed."""
    return text("Agency", max=200, render_kw={"placeholder": "Part of its name"})


SORTS = {
    "deadline": "Next deadline",
    "updated": "Recently changed",
    "sent": "Date sent (newest)",
    "sent_asc": "Date sent (oldest)",
    "title": "Title",
    "agency": "Agency",
    "status": "Status",
}


class RequestFilterForm(AppForm):
    class Meta:
        csrf = False

    q = text("Search", max=200)
    status = SelectField("Status", default="", choices=options(
        [("", "Any status"), ("open", "Open")] + [(s.name, s.value) for s in Status]))
    agency = AgencyIdField("Agency")
    agency_name = agency_name_field()
    jurisdiction = SelectField("Jurisdiction", default="", choices=options(
        [("", "Any jurisdiction")] + jurisdiction_choices()))
    technology = text("Technology", max=60)
    assignee = SelectField("Assignee", coerce=int_or_none, validate_choice=False)
    sent_from = IsoDateField("Sent from", validators=[Optional()])
    sent_to = IsoDateField("Sent until", validators=[Optional()])
    sort = SelectField("Sort by", default="deadline", choices=options(list(SORTS.items())))
    due = SelectField("Next deadline", default="", choices=options(
        [("", "Any date"), ("overdue", "Overdue"), ("week", "Due within 7 days")]))
    documents = SelectField("Documents", default="", choices=options(
        [("", "With or without"), ("none", "None received yet")]))

    def narrowed(self, filters):
        """Return the RequestFilters with this form's deadline and documents choices added."""
        return replace(filters, due=self.due.data or "",
                       without_documents=self.documents.data == "none")

    def validate_sent_to(self, field):
        if field.data and self.sent_from.data and field.data < self.sent_from.data:
            raise ValidationError("The end of the range is before its start.")

    def filters(self) -> RequestFilters:
        """Return the list's filters; call once the form and its agency are valid."""
        return RequestFilters(
            q=self.q.data or "", status=self.status.data or "", agency_id=self.agency.data,
            agency_name=self.agency_name.data or "",
            jurisdiction=self.jurisdiction.data or "", technology=self.technology.data or "",
            assignee_id=self.assignee.data, sent_from=self.sent_from.data,
            sent_to=self.sent_to.data, sort=self.sort.data or "deadline")
