"""The agency form."""

from ..deadlines.jurisdictions import jurisdiction_choices
from ..web.forms import AppForm, SelectField, email, options, text, url
from .models import AgencyKind, Level


class AgencyForm(AppForm):
    name = text("Name", max=200, required=True)
    jurisdiction = SelectField("Jurisdiction", choices=options(jurisdiction_choices()))
    level = SelectField("Level", choices=options([(m.name, m.value) for m in Level]))
    kind = SelectField("Kind", choices=options([(m.name, m.value) for m in AgencyKind]))
    records_officer = text("Records officer", max=200)
    email = email("Records e-mail", required=False)
    portal_url = url("Records portal")
    postal_address = text("Postal address", max=1000, multiline=True)
    notes = text("Notes", max=10000, multiline=True)

    def values(self) -> dict:
        """Return the submitted values as model attributes."""
        return {
            "name": self.name.data, "jurisdiction": self.jurisdiction.data,
            "level": Level[self.level.data], "kind": AgencyKind[self.kind.data],
            "records_officer": self.records_officer.data or "", "email": self.email.data or "",
            "portal_url": self.portal_url.data or "", "postal_address": self.postal_address.data or "",
            "notes": self.notes.data or "",
        }


class AgencyFilterForm(AppForm):
    class Meta:
        csrf = False

    q = text("Name", max=200)
    jurisdiction = SelectField("Jurisdiction", default="", choices=options(
        [("", "Any jurisdiction")] + jurisdiction_choices()))
