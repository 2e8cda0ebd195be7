"""Forms for follow-up tasks and the organisation's letter templates."""

from datetime import date, timedelta

from wtforms.validators import InputRequired, Optional, ValidationError

from ..web.date_field import IsoDateField
from ..web.dates import local_today
from ..web.forms import AppForm, parsed, text
from .letters import template_problems

#: Longest snooze: a task hidden for more than a year is better dismissed.
MAX_SNOOZE_DAYS = 366


def _placeholders_checked(form, field) -> None:
    problems = template_problems(field.data or "")
    if problems:
        raise ValidationError(" ".join(problems))


class DraftForm(AppForm):
    subject = text("Subject", max=300, required=True)
    body = text("Letter", max=100_000, required=True, multiline=True)
    sent_on = IsoDateField("Date sent", validators=[Optional(), parsed],
                           description="Only for “Mark as sent”: the day the letter went to the agency.")

    def __init__(self, *args, jurisdiction: str, is_sending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._jurisdiction, self._is_sending = jurisdiction, is_sending

    def validate(self, extra_validators=None) -> bool:
        is_valid = super().validate(extra_validators)
        # Optional() stops the field's own checks on an empty date, so "required" lives here.
        if self._is_sending and self.sent_on.data is None and not self.sent_on.errors:
            self.sent_on.errors.append("Enter the date the letter was sent.")
            return False
        return is_valid

    def validate_sent_on(self, field):
        if self._is_sending and field.data > local_today(self._jurisdiction):
            raise ValidationError("The date sent cannot be in the future.")


class SnoozeForm(AppForm):
    until = IsoDateField("Snooze until", validators=[InputRequired(message="Enter a date."), parsed])

    def validate_until(self, field):
        today = date.today()
        if field.data <= today:
            raise ValidationError("Choose a date after today.")
        if field.data > today + timedelta(days=MAX_SNOOZE_DAYS):
            raise ValidationError("Snooze for at most a year; dismiss the follow-up instead.")


class ActionForm(AppForm):
    """A button with nothing but the CSRF token (dismiss, redraft, reset)."""


class TemplateForm(AppForm):
    subject = text("Subject", max=300, required=True, checks=[_placeholders_checked])
    body = text("Letter", max=20_000, required=True, multiline=True, checks=[_placeholders_checked])
