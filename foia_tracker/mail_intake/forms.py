"""Forms of the inbox and of the request page's e-mail panel."""

from wtforms import HiddenField
from wtforms.validators import ValidationError

from ..communications.status import Kind
from ..web.forms import AppForm, SelectField, options, text

_REFERENCE_LIST_MAX = 20


class FileForm(AppForm):
    """File a waiting message on one request, or on several at once (space-separated)."""

    references = text("Request reference", max=400, required=True,
                      description="e.g. OR-2026-0042; several separated by spaces.")

    def validate_references(self, field):
        if len(self.reference_list()) > _REFERENCE_LIST_MAX:
            raise ValidationError(f"File on at most {_REFERENCE_LIST_MAX} requests at once.")

    def reference_list(self) -> list[str]:
        return list(dict.fromkeys((self.references.data or "").upper().replace(",", " ").split()))


class DismissForm(AppForm):
    """Set a waiting message aside."""

    confirm = HiddenField(default="1")


class ConfirmKindForm(AppForm):
    """Confirm (or correct) the kind a filed message was proposed as."""

    # Every kind: a copy of our own mail may be an appeal or a withdrawal as well.
    kind = SelectField("Kind", choices=options([(k.name, k.value) for k in Kind]))

    def chosen(self) -> Kind:
        return Kind[self.kind.data]
