"""Forms to upload documents, upload a corrected copy and delete a document."""

from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms.validators import ValidationError

from ..records.models import RecordsRequest
from ..storage import StagedFile
from ..web.forms import AppForm, SelectField, int_or_none, options, text


def _staged_only(form, field) -> None:
    # Files reach a view only through the upload request class; anything else is a bug.
    files = field.data if isinstance(field.data, list) else [field.data]
    if not all(isinstance(f.stream, StagedFile) for f in files if f):
        raise ValidationError("The upload could not be received; try again.")


class UploadForm(AppForm):
    files = MultipleFileField(
        "Files", validators=[FileRequired(message="Choose at least one file."), _staged_only],
        description="PDF, images, Word (.docx), Excel (.xlsx), e-mails (.eml), plain text or "
                    "ZIP archives; several at once.")
    communication_id = SelectField("Came with", coerce=int_or_none)

    def __init__(self, *args, records_request: RecordsRequest, **kwargs):
        super().__init__(*args, **kwargs)
        entries = sorted(records_request.communications,
                         key=lambda c: (c.occurred_on, c.id), reverse=True)
        self.communication_id.choices = options(
            [("", "No timeline entry")]
            + [(c.id, f"{c.kind.value} of {c.occurred_on}: {c.summary}") for c in entries])

    def uploaded(self) -> list[tuple[str, StagedFile]]:
        """Return (name the client gave, staged bytes) for each file."""
        return [(f.filename, f.stream) for f in self.files.data]


class VersionForm(AppForm):
    file = FileField("Corrected copy",
                     validators=[FileRequired(message="Choose the corrected file."), _staged_only])

    def uploaded(self) -> list[tuple[str, StagedFile]]:
        return [(self.file.data.filename, self.file.data.stream)]


class DeleteForm(AppForm):
    reason = text("Reason", max=1000, required=True, multiline=True,
                  description="Kept in the audit log and shown to admins on the document page.")
