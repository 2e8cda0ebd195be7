"""The fast widgets write WTForms' own HTML, escaped, with the chosen option selected."""

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import html_params

from foia_tracker.web.forms import PairSelectField, int_or_none, options
from foia_tracker.web.forms import StringField as FastStringField
from foia_tracker.web.widgets import FastSelect, html_attributes

CHOICES = options([("1", "Sheriff <Office> & Co"), ("2", 'The "County" PD'), ("3", "")])


class Both(Form):
    fast = SelectField("Agency", choices=CHOICES, widget=FastSelect(), validators=[InputRequired()])
    plain = SelectField("Agency", choices=CHOICES, validators=[InputRequired()])


def test_fast_select_writes_what_wtforms_writes():
    form = Both(data={"fast": "2", "plain": "2"})
    fast = str(form.fast(class_="wide"))
    assert fast == str(form.plain(class_="wide")).replace('"plain"', '"fast"')
    assert "&lt;Office&gt; &amp; Co" in fast and "<Office>" not in fast
    assert '<option selected value="2">' in fast
    assert '<option value="3">3</option>' in fast  # no label: the value stands in


def test_fast_select_selects_nothing_unchosen():
    assert "selected" not in str(Both(data={"fast": "9"}).fast())


DETAILED = [SelectChoice("", "Any"), SelectChoice("old", "Retired <code>", render_kw={"disabled": True}),
            SelectChoice("or", "Oregon", optgroup="States"), SelectChoice("us", "Federal")]


class Detailed(Form):
    fast = SelectField("Where", choices=DETAILED, widget=FastSelect(), validate_choice=False)
    plain = SelectField("Where", choices=DETAILED, validate_choice=False)
    fast_ids = SelectField("Who", coerce=int_or_none, choices=options([("", "Anyone"), (7, "Ada")]),
                           widget=FastSelect(), validate_choice=False)
    plain_ids = SelectField("Who", coerce=int_or_none, choices=options([("", "Anyone"), (7, "Ada")]),
                            validate_choice=False)


def test_fast_select_writes_option_groups_and_attributes_as_wtforms_does():
    form = Detailed(data={"fast": "or", "plain": "or"})
    written = str(form.fast())
    assert written == str(form.plain()).replace('"plain"', '"fast"')
    assert '<optgroup label="States">' in written and "disabled" in written


def test_fast_select_selects_by_the_coerced_value():
    # "7" from a query string is coerced to the id 7: the assignee Ada shows as chosen.
    form = Detailed(formdata=MultiDict({"fast_ids": "7", "plain_ids": "7"}))
    written = str(form.fast_ids())
    assert written == str(form.plain_ids()).replace('"plain_ids"', '"fast_ids"')
    assert '<option selected value="7">Ada</option>' in written
    assert written.count("selected") == 1


PAIRS = [(1, "Sheriff <Office> & Co (FL)"), (2, 'The "County" PD (GA)'), (3, "")]


class Pairs(Form):
    pairs = PairSelectField("Agency", coerce=int, choices=lambda: PAIRS, validate_choice=False)
    plain = SelectField("Agency", coerce=int, choices=options(PAIRS), validate_choice=False)


def test_a_select_of_plain_pairs_writes_what_wtforms_writes():
    form = Pairs(data={"pairs": 2, "plain": 2})
    written = str(form.pairs(class_="wide"))
    assert written == str(form.plain(class_="wide")).replace('"plain"', '"pairs"')
    assert "&lt;Office&gt; &amp; Co" in written and "<Office>" not in written
    assert '<option selected value="2">The &#34;County&#34; PD (GA)</option>' in written
    assert '<option value="3">3</option>' in written


def test_a_select_of_pairs_compares_coerced_values_as_wtforms_does():
    # A submitted "2" is coerced to 2 and selects the agency with id 2, nothing else.
    form = Pairs(formdata=MultiDict({"pairs": "2"}))
    assert str(form.pairs()).count("selected") == 1
    assert "selected" not in str(Pairs(data={"pairs": 9}).pairs())


CODES = [('say "no"', "Quoted"), ("<x> & y", "Angled"), ("7", "Digits as text")]


class Codes(Form):
    pairs = PairSelectField("Code", choices=lambda: CODES, validate_choice=False)
    plain = SelectField("Code", choices=options(CODES), validate_choice=False)


def test_a_select_of_pairs_escapes_values_that_are_not_ids():
    # Only an integer value (a row id) is written without escaping; text values are escaped.
    form = Codes(data={"pairs": "7", "plain": "7"})
    written = str(form.pairs())
    assert written == str(form.plain()).replace('"plain"', '"pairs"')
    assert 'value="say &#34;no&#34;"' in written and 'value="&lt;x&gt; &amp; y"' in written


@pytest.mark.parametrize("attributes", [
    {},
    {"id": "q", "name": "q", "type": "text", "value": "", "maxlength": 200},
    {"class_": "wide", "for_": "x", "data_iso_date": True, "aria_describedby": "a b"},
    {"required": True, "disabled": False, "value": 'say "no" <b>& go</b>'},
    {"value": Markup('already <b>safe</b> "quoted"'), "title": 0, "min": None},
    {"data-x": "dashed already", "aria-invalid": "true", "z": "last", "a": "first"},
])
def test_attributes_are_written_as_wtforms_writes_them(attributes):
    assert html_attributes(**attributes) == html_params(**attributes)


class Boxes(Form):
    fast = FastStringField("Name", validators=[Length(max=20)])
    plain = StringField("Name", validators=[Length(max=20)])


def test_a_text_box_is_written_as_wtforms_writes_it_with_the_typed_text_escaped():
    form = Boxes(formdata=MultiDict({"fast": '"><script>x</script>', "plain": '"><script>x</script>'}))
    written = str(form.fast(class_="wide", placeholder="Part of its name"))
    assert written == str(form.plain(class_="wide", placeholder="Part of its name")).replace(
        '"plain"', '"fast"')
    assert "<script>" not in written and 'maxlength="20"' in written
