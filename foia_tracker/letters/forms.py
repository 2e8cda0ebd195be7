"""Forms to write a letter and to find evidence items to cite in it."""

from wtforms import Form
from wtforms.validators import InputRequired, ValidationError

from ..web.date_field import IsoDateField
from ..web.forms import AppForm, text

MAX_SIGNATORIES = 100
MAX_SIGNATORY_LENGTH = 200


def lines(value: str | None) -> list[str]:
    """Return the non-blank lines of a multi-line field, stripped."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class LetterForm(AppForm):
    title = text("Title", max=200, required=True)
    addressee = text("Addressee", max=2000, multiline=True,
                     description="Name, office and address, on several lines.")
    letter_date = IsoDateField("Date", validators=[InputRequired(message="Give the letter's date.")])
    body = text("Body", max=100_000, multiline=True,
                description="Markdown. Cite an evidence item by pasting its code, e.g. [@E12]; "
                            "citations are numbered as footnotes in order.")
    signatories = text("Signatories", max=20_000, multiline=True,
                       description="One per line, e.g. “Jane Doe, Executive Director, ACLU of "
                                   "Oregon”.")

    def validate_signatories(self, field):
        names = lines(field.data)
        if len(names) > MAX_SIGNATORIES:
            raise ValidationError(f"List at most {MAX_SIGNATORIES} signatories.")
        if any(len(name) > MAX_SIGNATORY_LENGTH for name in names):
            raise ValidationError(
                f"Each signatory line can have at most {MAX_SIGNATORY_LENGTH} characters.")

    def fill_from(self, letter) -> None:
        """Show a saved letter in the form."""
        for key in ("title", "addressee", "letter_date", "body", "signatories"):
            getattr(self, key).data = getattr(letter, key)

    def values(self) -> dict:
        """Return the letter's fields, multi-line fields without blank lines at their edges."""
        return {
            "title": self.title.data,
            "addressee": "\n".join(line.rstrip() for line in (self.addressee.data or "").splitlines()),
            "letter_date": self.letter_date.data,
            "body": self.body.data or "",
            "signatories": "\n".join(lines(self.signatories.data)),
        }


class EvidencePickerForm(Form):
    """The text filter of the evidence list beside the letter editor (a GET form, no CSRF)."""

    q = text("Find evidence to cite", max=200,
             description="Words from the description, quotation, vendor or product.")
