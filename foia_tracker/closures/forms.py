"""The form to add a closure day."""

from wtforms.validators import InputRequired, ValidationError

from ..deadlines.jurisdictions import jurisdiction_choices
from ..web.date_field import IsoDateField
from ..web.forms import AppForm, SelectField, int_or_none, options, text


class ClosureForm(AppForm):
    jurisdiction = SelectField("Every office in", default="", choices=options(
        [("", "— one agency only —")] + jurisdiction_choices()))
    agency_id = SelectField("Or only this agency", coerce=int_or_none,
                            default="")
    closed_on = IsoDateField("Closed on", validators=[InputRequired(message="Enter the date.")])
    name = text("Reason", max=120, required=True, description="e.g. Snow day, County holiday")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency_id.choices = options([("", "—")] + [(a.id, f"{a.name} ({a.jurisdiction})")
                                                        for a in agencies])

    def validate_agency_id(self, field):
        if bool(field.data) == bool(self.jurisdiction.data):
            raise ValidationError("Choose either a jurisdiction or one agency.")

    def validate_closed_on(self, field):
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError("Use a date between 2000 and 2100.")
