"""The form an operator decides a suggestion with."""


from ..web.forms import AppForm, text


class DecisionForm(AppForm):
    reason = text("Reason (shown to the organisation that suggested it)", max=500)
