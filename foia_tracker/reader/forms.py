"""The reader's forms: go to a page (read from the URL), and mark a selection as evidence."""

from wtforms.validators import InputRequired, NumberRange

from ..evidence.forms import MAX_PAGE, PageField
from ..web.forms import AppForm, text


class GoToPageForm(AppForm):
    class Meta:
        # Going to a page changes nothing, and the page's URL is the one to share.
        csrf = False

    page = PageField("Go to page", validators=[
        InputRequired(message="Enter a page number, e.g. 4."),
        NumberRange(min=1, max=MAX_PAGE, message="Enter a page number from 1.")])


class MarkEvidenceForm(AppForm):
    """The selected words of a page, posted to open the evidence form filled in."""

    quotation = text("Quotation", max=20000, required=True, multiline=True)
