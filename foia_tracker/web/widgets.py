"""Form widgets for fields whose standard rendering is too slow for their size."""

from markupsafe import Markup, escape
from wtforms import widgets


class FastSelect(widgets.Select):
    """A select whose plain options are each written in one step: every select of the app (web.forms).

    WTForms builds each option's attributes through html_params and Markup.format, about 15 µs
    an option: 75 ms of every request form for 5,000 agencies. The HTML is the same. Only the
    widget's public protocol is used (called with the field; the field's iter_choices()), and
    nothing is kept between renders.
    """

    def __call__(self, field, **kwargs) -> Markup:
        if field.has_groups():
            return super().__call__(field, **kwargs)
        # The select tag as widgets.Select writes it: id, multiple, the validation flags.
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        for flag in self.validation_attrs:
            if flag not in kwargs and getattr(field.flags, flag, False):
                kwargs[flag] = getattr(field.flags, flag)
        html = [f"<select {widgets.html_params(name=field.name, **kwargs)}>"]
        html.extend(self.render_option(choice) for choice in field.iter_choices())
        html.append("</select>")
        return Markup("".join(html))

    @classmethod
    def render_option(cls, choice, **kwargs) -> Markup:
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        label = choice.label or choice.value
        return Markup(f'<option {selected}value="{escape(choice.value)}">{escape(label)}</option>')

