"""Every date field is a text box holding YYYY-MM-DD, and the server alone decides what is a date."""

import importlib
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import DateField, Form
from wtforms.validators import InputRequired, Optional

import foia_tracker
from foia_tracker.communications.models import Communication
from foia_tracker.extensions import db
from foia_tracker.web.date_field import (
    FORMAT_HINT, ISO_PATTERN, WRONG_FORMAT, IsoDateField, parse_iso_date,
)

from .conftest import csrf_token


class Dates(Form):
    day = IsoDateField("Day", validators=[InputRequired(message="Enter the date.")])
    since = IsoDateField("Since", validators=[Optional()])


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(str(html))
    return parser.tags


def the_input(html: str) -> dict:
    return next(attrs for tag, attrs in tags(html) if tag == "input")


@pytest.mark.parametrize("typed, expected", [
    ("2026-03-14", date(2026, 3, 14)),
    (" 2026-03-14 ", date(2026, 3, 14)),
    ("2024-02-29", date(2024, 2, 29)),
    ("0001-01-01", date(1, 1, 1)),
    ("9999-12-31", date(9999, 12, 31)),
])
def test_iso_dates_are_accepted(typed, expected):
    assert parse_iso_date(typed) == expected


@pytest.mark.parametrize("typed", [
    "03/14/2026", "14/03/2026", "14.03.2026", "2026/03/14", "2026-3-14", "20260314",
    "2026-03-14T09:00", "10000-01-01", "-1", "yesterday", "2026-03-14\x00",
    "٢٠٢٦-٠٣-١٤",  # Arabic-Indic digits: int() would read them, the browser's pattern would not
])
def test_other_formats_are_refused_saying_the_format(typed):
    with pytest.raises(ValueError, match=re.escape(WRONG_FORMAT)):
        parse_iso_date(typed)


@pytest.mark.parametrize("typed, message", [
    ("2026-02-30", "February 2026 has 28 days: there is no 2026-02-30."),
    ("2025-02-29", "February 2025 has 28 days: there is no 2025-02-29."),
    ("2026-04-31", "April 2026 has 30 days: there is no 2026-04-31."),
    ("2026-03-00", "March 2026 has 31 days: there is no 2026-03-00."),
    ("2026-14-03", "There is no month 14: the month comes second, 01 to 12."),
    ("0000-01-01", "There is no year 0000."),
])
def test_impossible_dates_are_refused_saying_why(typed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_iso_date(typed)


@pytest.mark.parametrize("typed", ["2026-03-14", "2026-02-30", "2026-3-14", "03/14/2026", "x"])
def test_the_browsers_pattern_lets_through_exactly_what_has_the_iso_shape(typed):
    # What the pattern lets through may still be impossible; then the server says so, not
    # the format message.
    fits = re.fullmatch(ISO_PATTERN, typed) is not None
    try:
        parse_iso_date(typed)
        problem = None
    except ValueError as error:
        problem = str(error)
    assert fits == (problem != WRONG_FORMAT)


def test_the_box_is_text_with_the_iso_value_placeholder_pattern_and_a_spoken_hint():
    html = str(Dates(data={"day": date(2026, 3, 4)}).day())
    box = the_input(html)
    assert box["type"] == "text" and box["value"] == "2026-03-04"
    assert box["placeholder"] == "YYYY-MM-DD" and box["inputmode"] == "numeric"
    assert box["autocomplete"] == "off" and box["pattern"] == ISO_PATTERN
    assert box["aria-describedby"] == "day-format"
    assert f'<small class="hint date-format" id="day-format">{FORMAT_HINT}</small>' in html
    assert not any(attrs.get("type") == "date" for _, attrs in tags(html))


def test_an_error_is_described_after_the_format_and_the_typed_value_is_kept():
    form = Dates(MultiDict({"day": "2026-02-30"}))
    assert not form.validate()
    box = the_input(form.day(**{"aria-describedby": "day-error"}))
    assert box["aria-describedby"] == "day-format day-error"
    assert box["value"] == "2026-02-30"


@pytest.mark.parametrize("formdata, errors, day", [
    ({"day": "2026-03-14"}, {}, date(2026, 3, 14)),
    ({"day": ""}, {"day": ["Enter the date."]}, None),
    ({"day": "14/03/2026"}, {"day": [WRONG_FORMAT]}, None),
    ({"day": "2026-02-30"}, {"day": ["February 2026 has 28 days: there is no 2026-02-30."]}, None),
    ({"day": "2026-03-14", "since": ""}, {}, date(2026, 3, 14)),
    ({"day": "2026-03-14", "since": "soon"}, {"since": [WRONG_FORMAT]}, date(2026, 3, 14)),
])
def test_the_form_parses_and_refuses_with_one_clear_message(formdata, errors, day):
    form = Dates(MultiDict(formdata))
    assert form.validate() == (not errors)
    assert form.errors == errors
    assert form.day.data == day


def _all_forms() -> list[type]:
    # By file, not pkgutil: several areas are namespace packages (no __init__.py).
    root = Path(foia_tracker.__file__).parent
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        if "migrations" not in parts and parts[-1] != "__init__":
            importlib.import_module(".".join(parts))
    found, pending = [], [Form]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("foia_tracker."):
                found.append(sub)
    return found


def test_every_date_field_of_the_app_is_the_iso_one():
    date_fields = {
        f"{form.__module__}.{form.__name__}.{name}": unbound.field_class
        for form in _all_forms() for name in dir(form)
        if hasattr(unbound := getattr(form, name, None), "field_class")
        and issubclass(unbound.field_class, DateField)}
    assert len(date_fields) >= 16, date_fields  # the forms were found at all
    assert {name for name, cls in date_fields.items() if cls is not IsoDateField} == set()


# --- Through a real form of the app: the log-a-communication form on the request page ----------


def _log(client, request, occurred_on: str):
    return client.post(f"/requests/{request.id}/communications/", data={
        "kind": "acknowledgment", "direction": "received", "occurred_on": occurred_on,
        "summary": "Acknowledged", "csrf_token": csrf_token(client, f"/requests/{request.id}")})


def _communications() -> int:
    return db.session.scalar(select(func.count()).select_from(Communication))


@pytest.mark.parametrize("typed, message", [
    ("03/14/2026", WRONG_FORMAT),
    ("2026-02-30", "February 2026 has 28 days: there is no 2026-02-30."),
])
def test_a_wrong_date_is_refused_on_its_field_and_nothing_is_written(
        client, login, make_user, make_request, typed, message):
    user = login(make_user())
    request = make_request(user, sent_on=date.today() - timedelta(days=40))
    before = _communications()
    response = _log(client, request, typed)
    assert response.status_code == 400
    assert f'<p class="error" id="occurred_on-error">{message}</p>' in response.text
    box = next(attrs for tag, attrs in tags(response.text)
               if tag == "input" and attrs.get("name") == "occurred_on")
    assert box["value"] == typed and box["aria-describedby"] == "occurred_on-format occurred_on-error"
    db.session.expire_all()
    assert _communications() == before


def test_an_iso_date_is_saved_and_shown_back_as_iso(client, login, make_user, make_request):
    user = login(make_user())
    request = make_request(user, sent_on=date.today() - timedelta(days=40))
    day = date.today() - timedelta(days=3)
    response = _log(client, request, day.isoformat())
    assert response.status_code == 302
    communication = db.session.scalar(select(Communication).where(
        Communication.summary == "Acknowledged"))
    assert communication.occurred_on == day
    edit = client.get(f"/requests/{request.id}/communications/{communication.id}/edit").text
    box = next(attrs for tag, attrs in tags(edit)
               if tag == "input" and attrs.get("name") == "occurred_on")
    assert box["value"] == day.isoformat() and box["type"] == "text"
