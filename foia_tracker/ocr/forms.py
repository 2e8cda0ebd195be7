"""Forms for OCR: run a document again in a language, and an organisation's languages."""

from wtforms import BooleanField
from wtforms.validators import InputRequired

from ..web.forms import AppForm, SelectField


class RerunForm(AppForm):
    language = SelectField("Language", validators=[InputRequired()])

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = choices


class LanguagesForm(AppForm):
    is_spanish = BooleanField("Also read Spanish")

    @property
    def languages(self) -> str:
        return "eng+spa" if self.is_spanish.data else "eng"
