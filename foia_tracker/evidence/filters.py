"""Read evidence-list filters from a query string, shared by the list page and the exports."""

from wtforms import BooleanField, Form, SelectField
from wtforms.validators import Optional, ValidationError

from ..deadlines.jurisdictions import jurisdiction_choices
from ..records.forms import AgencyIdField, agency_name_field
from ..records.models import STANDARD_TECHNOLOGIES
from ..web.date_field import IsoDateField
from ..web.forms import int_or_none, options, text
from ..web.widgets import FastSelect
from .query import SORTS, EvidenceFilters

#: Query-string names of the filters, as the list page and the export links write them.
FILTER_ARGS = ("q", "technology", "vendor", "agency", "agency_name", "jurisdiction", "request",
               "date_from", "date_to", "purchases", "sort")
DEFAULT_SORT = "created"


def technology_choices(blank_label: str) -> list:
    """Return the technology select's choices: blank, then the standard technologies."""
    return options([("", blank_label)] + [(t, t) for t in STANDARD_TECHNOLOGIES])


class ListChoiceField(SelectField):
    """A select whose refusal says what to do, for values typed into the URL by hand."""

    widget = FastSelect()

    def __init__(self, label, *, invalid: str, **kwargs):
        super().__init__(label, **kwargs)
        self.invalid = invalid

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.invalid) from None

    def pre_validate(self, form):
        try:
            super().pre_validate(form)
        except ValidationError:
            raise ValidationError(self.invalid) from None


class EvidenceFilterForm(Form):
    """The filters of GET /evidence; a plain WTForms form so it also parses outside a page."""

    q = text("Search", max=200)
    technology = ListChoiceField("Technology", default="", choices=technology_choices("Any technology"),
                                 invalid="Choose a technology from the list.")
    vendor = text("Vendor", max=200)
    # Any id is accepted here and simply matches nothing; the list page says which is unknown.
    agency = AgencyIdField("Agency")
    agency_name = agency_name_field()
    jurisdiction = ListChoiceField(
        "Jurisdiction", default="", choices=options([("", "Any jurisdiction")] + jurisdiction_choices()),
        invalid="Choose a jurisdiction from the list.")
    request = ListChoiceField("Request", coerce=int_or_none, validate_choice=False,
                              invalid="Give a request by its number in this app.")
    date_from = IsoDateField("Dated from", validators=[Optional()])
    date_to = IsoDateField("Dated until", validators=[Optional()])
    purchases = BooleanField("Purchases only")
    sort = ListChoiceField("Sort by", default=DEFAULT_SORT,
                           choices=options((key, label) for key, (label, _) in SORTS.items()),
                           invalid="Choose a sort order from the list.")

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the range is before its start.")


def filter_form(args) -> EvidenceFilterForm:
    """Return the filter form bound to a query string (a MultiDict such as request.args)."""
    return EvidenceFilterForm(formdata=args)


def filters_from_form(form: EvidenceFilterForm) -> tuple[EvidenceFilters, dict[str, str]]:
    """Validate the form; return its filters, or the defaults and {arg name: error}."""
    if not form.validate():
        return EvidenceFilters(), {name: errors[0] for name, errors in form.errors.items()}
    return EvidenceFilters(
        text=form.q.data or "", technology=form.technology.data or "",
        vendor=form.vendor.data or "", agency_id=form.agency.data,
        agency_name=form.agency_name.data or "",
        request_id=form.request.data, jurisdiction=form.jurisdiction.data or "",
        date_from=form.date_from.data,
        date_to=form.date_to.data, purchases_only=bool(form.purchases.data),
        sort=form.sort.data or DEFAULT_SORT), {}


def filters_from_args(args) -> tuple[EvidenceFilters, dict[str, str]]:
    """Parse query-string args into EvidenceFilters and {arg name: error message}."""
    return filters_from_form(filter_form(args))


def filter_args(args) -> dict[str, str]:
    """Return the filter args present in a query string, to carry into links (e.g. exports)."""
    return {name: args[name] for name in FILTER_ARGS if args.get(name)}
