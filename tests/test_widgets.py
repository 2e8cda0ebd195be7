"""The fast select writes the same HTML as WTForms' own, escaped, with the chosen option selected."""

from wtforms import Form, SelectField
from wtforms.validators import InputRequired

from foia_tracker.web.forms import options
from foia_tracker.web.widgets import FastSelect

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
