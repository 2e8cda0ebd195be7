"""Forms for the first-run setup and organisation settings."""

import re

from wtforms.validators import InputRequired, NumberRange, Regexp

from ..web.forms import AppForm, WholeNumberField, email, new_password, password_confirmation, text


CODE_PATTERN = r"^[A-Za-z][A-Za-z0-9]{1,7}$"
CODE_RULE = "Use 2 to 8 letters or digits, starting with a letter."


def code_problem(code: str) -> str | None:
    """Return why an organisation code is unusable, or None."""
    return None if re.match(CODE_PATTERN, code.strip()) else CODE_RULE


def organisation_code():
    return text(
        "Short code", max=8, required=True,
        description="2 to 8 letters or digits, used in request numbers (e.g. OR-2026-0042).",
        checks=[Regexp(CODE_PATTERN, message=CODE_RULE)])


class SetupForm(AppForm):
    organisation_name = text("Organisation name", max=200, required=True)
    organisation_code = organisation_code()
    admin_name = text("Your name", max=120, required=True)
    admin_email = email("Your e-mail")
    password = new_password()
    confirm = password_confirmation()


class OrganisationSettingsForm(AppForm):
    name = text("Organisation name", max=200, required=True)
    followup_policy_days = WholeNumberField(
        "Follow-up after (business days)", validators=[
            InputRequired(message="Enter a number of business days."), NumberRange(min=1, max=90)],
        description="Where the law sets no deadline (it only says “promptly”), we follow up this "
                    "many business days after receipt. This is policy, not law.")
    followup_repeat_business_days = WholeNumberField(
        "Repeat follow-ups every (business days)", validators=[
            InputRequired(message="Enter a number of business days."), NumberRange(min=1, max=90)],
        description="While a request stays overdue after a follow-up was sent.")
    escalation_business_days = WholeNumberField(
        "Tell admins when overdue by more than (business days)", validators=[
            InputRequired(message="Enter a number of business days."), NumberRange(min=1, max=250)])
