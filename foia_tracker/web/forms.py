"""The base form and the field helpers of every form: bounded, stripped, no control characters."""

import re

from flask import request
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, IntegerField, PasswordField, SelectChoice, TextAreaField
from wtforms import SelectField as PlainSelectField
from wtforms import StringField as PlainStringField
from wtforms.validators import (
    URL, DataRequired, Email, EqualTo, InputRequired, Length, Optional, StopValidation,
    ValidationError,
)

from .widgets import FastSelect, PairSelect, TextInput

# NUL bytes break PostgreSQL text columns and other control characters are never meant.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MIN_PASSWORD = 12


class StringField(PlainStringField):
    """A single-line text field whose box is written by html_attributes: WTForms' HTML, faster."""

    widget = TextInput()


class SelectField(PlainSelectField):
    """A select field written by FastSelect: the same HTML as WTForms', in a fraction of the time."""

    widget = FastSelect()


class PairSelectField(PlainSelectField):
    """A select over a long reference list (every agency): its choices are (value, label) pairs,
    such as the rows of a two-column query, written by PairSelect without a SelectChoice each.
    """

    widget = PairSelect()

    def has_groups(self) -> bool:
        # Pairs have no option groups; WTForms would wrap every pair to look for one.
        return False


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class AppForm(FlaskForm):
    """A form whose fields each receive only what they can parse: text, or their own upload."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form, formdata):
            # Flask-WTF mixes every uploaded file into the form data, so a file posted under a
            # text or date field's name reached parsers and validators that expect text.
            data = super().wrap_formdata(form, formdata)
            if not isinstance(data, CombinedMultiDict):
                return data
            uploads = {field.name for field in form if isinstance(field, FileField)}
            files = MultiDict([(name, upload) for name, upload in request.files.items(multi=True)
                               if name in uploads])
            return CombinedMultiDict((files, request.form))

        def render_field(self, field, render_kw):
            # Every form's token would be id="csrf_token": a page with several forms (a row of
            # Remove buttons) repeated that id. A hidden input has no label to point at it.
            if field.type == "CSRFTokenField":
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)


def no_control_characters(form, field) -> None:
    if isinstance(field.data, str) and _CONTROL.search(field.data):
        raise ValidationError("Remove the control characters from this field.")


def parsed(form, field) -> None:
    """Stop a field's checks once its value failed to parse; the parse error says why."""
    # Later checks (inline validate_<field> ones too) would otherwise compare a None.
    if field.errors:
        raise StopValidation()


def text(label: str, *, max: int, required: bool = False, multiline: bool = False,
         checks=(), **kwargs):
    """Return a stripped text field with a length bound and any further checks."""
    presence = DataRequired(message="This field is required.") if required else Optional()
    field_class = TextAreaField if multiline else StringField
    return field_class(
        label, filters=[_strip], validators=[presence, Length(max=max), no_control_characters, *checks],
        **kwargs,
    )


def email(label: str = "E-mail", *, required: bool = True):
    """Return an e-mail field validated by syntax only (no DNS look-up)."""
    presence = DataRequired(message="This field is required.") if required else Optional()
    return StringField(label, filters=[_strip], validators=[
        presence, Length(max=254), Email(message="Enter a valid e-mail address.",
                                         check_deliverability=False)])


def url(label: str):
    """Return an optional http(s) URL field."""
    return StringField(label, filters=[_strip], validators=[
        Optional(), Length(max=500), no_control_characters,
        URL(message="Enter a full web address starting with https://."), _http_scheme])


def _http_scheme(form, field) -> None:
    # javascript: and data: URLs would run in the browser when the link is clicked.
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError("Only http:// and https:// addresses are accepted.")


def new_password(label: str = "Password"):
    return PasswordField(label, validators=[
        InputRequired(message="This field is required."),
        Length(min=MIN_PASSWORD, max=200,
               message=f"Use at least {MIN_PASSWORD} characters (at most 200)."),
    ])


def password_confirmation(label: str = "Repeat password"):
    return PasswordField(label, validators=[
        InputRequired(message="This field is required."),
        EqualTo("password", message="The two passwords differ."),
    ])


def options(pairs) -> list[SelectChoice]:
    """Return select choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class WholeNumberField(IntegerField):
    """An integer field that refuses numbers too long to be a count of anything."""

    def process_formdata(self, valuelist):
        # WTForms' NumberRange calls math.isnan, which overflows on a 400-digit integer.
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > 2**31 - 1:
            self.data = None
            raise ValueError("Enter a smaller whole number.")


def int_or_none(value) -> int | None:
    """Coerce an optional select value to an id; a number no row can have is refused."""
    if value in (None, ""):
        return None
    number = int(value)
    if not 1 <= number <= 2**31 - 1:
        raise ValueError("not an id")
    return number
