"""The form an admin connects or changes a mailbox with."""

from wtforms import PasswordField
from wtforms.validators import InputRequired, Length, NumberRange, Regexp, StopValidation

from ..web.forms import AppForm, SelectField, WholeNumberField, no_control_characters, options, text
from .models import Security

#: A host name or IPv4 address: no scheme, no path, no port (the port has its own field).
HOST_PATTERN = r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"


class MailboxForm(AppForm):
    name = text("Name", max=100, required=True,
                description="How the mailbox is called on this page, e.g. “Records inbox”.")
    host = text("IMAP server", max=253, required=True, checks=[Regexp(
        HOST_PATTERN, message="Enter the server's name only, e.g. imap.example.org.")])
    security = SelectField("Encryption", choices=options([(s.name, s.value) for s in Security]),
                           default=Security.tls.name,
                           description="Always encrypted: there is no unencrypted option.")
    port = WholeNumberField("Port", default=993, validators=[
        InputRequired(message="Enter the port, usually 993."),
        NumberRange(min=1, max=65535, message="A port is a number from 1 to 65535.")])
    username = text("User name", max=254, required=True)
    password = PasswordField("Password or app password", validators=[
        Length(max=500), no_control_characters])
    folder = text("Folder to read", max=200, required=True, default="INBOX")
    filed_folder = text("Move filed messages to (optional)", max=200,
                        description="An existing folder; leave empty to leave every message "
                                    "where it is.")
    trusted_authserv_id = text("Receiving server's name in Authentication-Results (optional)",
                               max=253, description="e.g. mx.google.com; empty: the topmost "
                                                    "Authentication-Results header is read.")

    def __init__(self, *args, is_new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new
        if not is_new:
            self.password.description = "Leave empty to keep the saved password."

    def validate_password(self, field) -> None:
        if self.is_new and not field.data:
            raise StopValidation("Enter the password (or an app password) of the mailbox.")

    def values(self) -> dict:
        """Return the mailbox settings as entered, the password excepted."""
        return {"name": self.name.data, "host": self.host.data.lower(),
                "port": self.port.data, "security": Security[self.security.data],
                "username": self.username.data, "folder": self.folder.data,
                "filed_folder": self.filed_folder.data or None,
                "trusted_authserv_id": (self.trusted_authserv_id.data or "").lower() or None}
