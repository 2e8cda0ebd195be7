"""Forms for logging in and managing accounts."""

from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired, Length

from ..web.forms import AppForm, SelectField, email, new_password, options, password_confirmation, text
from .models import Role

ROLE_CHOICES = [(r.value, r.value.capitalize()) for r in Role]


class LoginForm(AppForm):
    email = email()
    password = PasswordField("Password", validators=[
        InputRequired(message="This field is required."), Length(max=200)])


class InviteForm(AppForm):
    name = text("Name", max=120, required=True)
    email = email()
    role = SelectField("Role", choices=options(ROLE_CHOICES), default=Role.editor.value)


class UserEditForm(AppForm):
    name = text("Name", max=120, required=True)
    role = SelectField("Role", choices=options(ROLE_CHOICES))
    is_active = BooleanField("Account active")


class SetPasswordForm(AppForm):
    password = new_password()
    confirm = password_confirmation()


class ChangePasswordForm(AppForm):
    current = PasswordField("Current password", validators=[
        InputRequired(message="This field is required."), Length(max=200)])
    password = new_password("New password")
    confirm = password_confirmation("Repeat the new password")
