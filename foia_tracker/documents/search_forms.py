"""The search forms: a query (and an optional request), read from the URL (GET, no CSRF)."""

from wtforms.validators import ValidationError

from ..web.forms import AppForm, SelectField, int_or_none, options, text
from .search_query import MAX_QUERY_CHARS, query_parse


class QueryForm(AppForm):
    """A query alone: the campaign search, over documents shared into one campaign."""

    class Meta:
        # A search changes nothing, and its URL must be shareable and bookmarkable.
        csrf = False

    q = text("Search documents", max=MAX_QUERY_CHARS, description=(
        'All words must appear. Use "quotes" for a phrase, OR for either word, '
        "and -word to leave out pages with that word."))

    def validate_q(self, field):
        if field.data and query_parse(field.data).is_empty:
            raise ValidationError("Type at least one word to look for (letters or digits).")


class SearchForm(QueryForm):
    request = SelectField("Only in request", coerce=int_or_none, validate_choice=True)

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.request.choices = options(
            [("", "All requests")] + [(r.id, f"{r.reference} {r.title}") for r in requests])
