"""Forms of the inbox and of the request page's e-mail panel."""

from wtforms import HiddenField, SelectField
from wtforms.validators import ValidationError

from ..communications.status import Kind
from ..web.forms import AppForm, options, text

#: Kinds an agency's e-mail can be (our own messages are notes or "request sent").
RECEIVED_KINDS = [k for k in Kind if k not in (Kind.appeal_filed, Kind.lawsuit_filed,
                                               Kind.withdrawal, Kind.our_clarification)]
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
    kind = SelectField("Kind", choices=options([(k.name, k.value) for k in RECEIVED_KINDS]))

    def chosen(self) -> Kind:
        return Kind[self.kind.data]
