"""The form to log or correct a communication."""

from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ..web.date_field import IsoDateField
from ..web.dates import local_today
from ..web.forms import AppForm, SelectField, WholeNumberField, options, text
from .status import Direction, Kind, expected_direction

ESTIMATING_KINDS = frozenset(k.name for k in (Kind.acknowledgment, Kind.extension_notice,
                                              Kind.partial_release))
#: Kind name -> the one direction it can have; the browser hides Direction for these kinds.
FIXED_DIRECTIONS = {k.name: d.name for k in Kind if (d := expected_direction(k)) is not None}


class CommunicationForm(AppForm):
    kind = SelectField("Kind", choices=options([(k.name, k.value) for k in Kind]))
    direction = SelectField(
        "Direction", choices=options([(d.name, d.value) for d in Direction]),
        description="Only for notes: replies are always received, our letters always sent.")
    occurred_on = IsoDateField("Date", validators=[InputRequired(message="Enter the date.")])
    extension_days = WholeNumberField(
        "Days of extension claimed", validators=[Optional(), NumberRange(min=1, max=365)],
        description="Extension notices only; empty means the most the law allows.")
    estimated_on = IsoDateField(
        "Agency's estimated date", validators=[Optional()],
        description="When the agency says it will answer (acknowledgments, extension notices, "
                    "partial releases).")
    summary = text("Summary", max=300, required=True)
    body = text("Full text", max=200000, multiline=True)
    fixed_directions = FIXED_DIRECTIONS

    def __init__(self, *args, jurisdiction: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._jurisdiction = jurisdiction

    def validate(self, extra_validators=None) -> bool:
        # The kind decides the direction wherever it can: whatever the browser sent (or hid)
        # for Direction is replaced before validation, so a reply logged with the default
        # "Sent" is stored as received instead of refused.
        fixed = FIXED_DIRECTIONS.get(self.kind.data)
        if fixed is not None:
            self.direction.data = fixed
        return super().validate(extra_validators)

    def validate_direction(self, field):
        if self.kind.data not in Kind.__members__ or field.data not in Direction.__members__:
            return
        expected = expected_direction(Kind[self.kind.data])
        if expected is not None and field.data != expected.name:
            raise ValidationError(
                f"A “{Kind[self.kind.data].value}” is always {expected.value.lower()}, "
                f"not {Direction[field.data].value.lower()}.")

    def validate_extension_days(self, field):
        if field.data is not None and self.kind.data != Kind.extension_notice.name:
            raise ValidationError("Only an extension notice claims days of extension.")

    def validate_estimated_on(self, field):
        if field.data is None:
            return
        if self.kind.data not in ESTIMATING_KINDS:
            raise ValidationError("Only an acknowledgment, extension notice or partial release "
                                  "carries the agency's estimated date.")
        if self.occurred_on.data and field.data < self.occurred_on.data:
            raise ValidationError("The estimated date cannot be before the communication.")
        if not 2000 <= field.data.year <= 2100:
            raise ValidationError("Use a date between 2000 and 2100.")

    def validate_occurred_on(self, field):
        if field.data and field.data > local_today(self._jurisdiction):
            raise ValidationError("The date cannot be in the future.")

    def values(self) -> dict:
        """Return the submitted values as model attributes."""
        return {
            "kind": Kind[self.kind.data], "direction": Direction[self.direction.data],
            "occurred_on": self.occurred_on.data, "summary": self.summary.data,
            "body": self.body.data or "", "extension_days": self.extension_days.data,
            "estimated_on": self.estimated_on.data,
        }

    def fill_from(self, communication) -> None:
        self.kind.data, self.direction.data = communication.kind.name, communication.direction.name
        self.occurred_on.data = communication.occurred_on
        self.summary.data, self.body.data = communication.summary, communication.body
        self.extension_days.data = communication.extension_days
        self.estimated_on.data = communication.estimated_on
