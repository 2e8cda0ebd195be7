"""The form an operator decides a suggestion with."""

from flask_wtf import FlaskForm

from ..web.forms import text


class DecisionForm(FlaskForm):
    reason = text("Reason (shown to the organisation that suggested it)", max=500)
