"""Forms of two-factor sign-in."""

from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired, Length, ValidationError

from ..web.forms import AppForm, StringField


class CodeForm(AppForm):
    code = StringField("Code", render_kw={"autocomplete": "one-time-code", "inputmode": "text"},
                       validators=[InputRequired(message="Enter the code."),
                                   Length(max=40, message="Enter the 6-digit code or a recovery code.")],
                       description="The 6 digits your authenticator app shows, or one of your "
                                   "recovery codes.")


class DisableForm(AppForm):
    password = PasswordField("Your password", validators=[
        InputRequired(message="This field is required."), Length(max=200)])


def _ticked_or_not(form, field) -> None:
    # A checkbox sends "y" or nothing; any other value is not a choice the page offered.
    if field.raw_data not in ([], ["y"]):
        raise ValidationError("Tick the box or leave it empty.")


class PolicyForm(AppForm):
    is_two_factor_required = BooleanField("Everyone in the organisation signs in with a "
                                          "two-factor code", validators=[_ticked_or_not])


class ActionForm(AppForm):
    """A button with nothing but the CSRF token."""
