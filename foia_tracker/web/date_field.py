"""The one date field of every form: typed and shown as YYYY-MM-DD, whatever the browser's locale.

A native <input type=date> shows the date in the browser's own format (03/14/2026 in the US)
and the page cannot change that, while the app writes ISO dates everywhere else. So a date is a
text box holding the ISO value, with its format said in a hint; app.js adds a "Choose date"
button that opens the browser's picker where it can. The server parses every value itself.
"""

import calendar
import re
from datetime import date

from markupsafe import Markup, escape
from wtforms import DateField

from .widgets import TextInput

#: What the box accepts, for the browser's check (`pattern` is anchored) and the server's.
ISO_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_ISO = re.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})")
EXAMPLE = "2026-03-14"
#: The visible hint, also read out by screen readers after the label.
FORMAT_HINT = f"Year-month-day, e.g. {EXAMPLE}"
WRONG_FORMAT = f"Enter the date as YYYY-MM-DD, e.g. {EXAMPLE}."


def parse_iso_date(raw: str) -> date:
    """Return the date typed as YYYY-MM-DD, or raise ValueError with a message for the user."""
    match = _ISO.fullmatch(raw.strip())
    if not match:
        raise ValueError(WRONG_FORMAT)
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise ValueError(f"There is no year 0000. {WRONG_FORMAT}")
    if not 1 <= month <= 12:
        # Day and month swapped is the likeliest cause (2026-14-03).
        raise ValueError(f"There is no month {month:02d}: the month comes second, 01 to 12.")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueError(f"{calendar.month_name[month]} {year} has {days} days: "
                         f"there is no {match.group(0)}.")
    return date(year, month, day)


class IsoDateInput(TextInput):
    """A text box for a YYYY-MM-DD date, with the format as placeholder, pattern and hint."""

    def __call__(self, field, **kwargs) -> Markup:
        kwargs.setdefault("id", field.id)
        hint_id = f"{kwargs['id']}-format"
        # The hint first: it is read after the label, then any error the caller points at.
        described = " ".join(filter(None, (hint_id, kwargs.pop("aria-describedby", None))))
        kwargs.update({"aria-describedby": described, "data-iso-date": True})
        for name, value in (("placeholder", "YYYY-MM-DD"), ("inputmode", "numeric"),
                            ("pattern", ISO_PATTERN), ("autocomplete", "off"),
                            ("title", WRONG_FORMAT)):
            kwargs.setdefault(name, value)
        box = super().__call__(field, **kwargs)
        hint = f'<small class="hint date-format" id="{escape(hint_id)}">{FORMAT_HINT}</small>'
        return Markup(f'<span class="date-input">{box}</span>{hint}')


class IsoDateField(DateField):
    """A date typed as YYYY-MM-DD; a blank box is None, left to Optional or InputRequired."""

    widget = IsoDateInput()

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.data = None
        raw = " ".join(valuelist)
        if raw.strip():
            self.data = parse_iso_date(raw)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.isoformat() if self.data else ""
