"""Form widgets for fields whose standard rendering is too slow for their size."""

from markupsafe import Markup, escape
from wtforms import SelectChoice, widgets


def html_attributes(**attributes) -> Markup:
    """Return the attributes as WTForms' html_params writes them, in a sixth of its time.

    html_params formats each attribute through Markup.format (string.Formatter escaping every
    field): 50 µs for a text box, 90 for a date box, about 0.6 ms of each filter form. The
    output is the same: sorted by name, a trailing "_" dropped (class_), data_ and aria_
    names hyphenated, True written bare, False left out, names and values escaped.
    """
    written = []
    for name, value in sorted(attributes.items()):
        name = name.rstrip("_")
        if name.startswith(("data_", "aria_")):
            name = name.replace("_", "-")
        if value is True:
            written.append(str(escape(name)))
        elif value is not False:
            # A value given as Markup is not escaped again, but its quotes still must be.
            written.append(f'{escape(name)}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(written))


class TextInput(widgets.TextInput):
    """WTForms' text box, its attributes written by html_attributes: every single-line field."""

    html_params = staticmethod(html_attributes)


class HiddenInput(widgets.HiddenInput):
    """WTForms' hidden input, its attributes written by html_attributes."""

    html_params = staticmethod(html_attributes)


class FastSelect(widgets.Select):
    """A select whose plain options are each written in one step: every select of the app (web.forms).

    WTForms builds each option's attributes through html_params and Markup.format, about 15 µs
    an option: 75 ms of every request form for 5,000 agencies. Choices that are plain
    SelectChoices (no option group, no attributes of their own: every select of the app) are
    written as PairSelect writes its pairs, without WTForms' Choice nor a Markup per option:
    the 54 jurisdictions of every list's filters in 88 µs instead of 150. The HTML is the same.
    Only public protocol is used (the field's choices, coerce and data; its iter_choices()
    otherwise), and nothing is kept between renders.
    """

    def __call__(self, field, **kwargs) -> Markup:
        choices = field.choices
        if not self.multiple and _plain(choices):
            pairs = ((choice.value, choice.label) for choice in choices)
            return Markup(f"{_select_tag(self, field, kwargs)}"
                          f"{_options(pairs, field.coerce, field.data)}</select>")
        if field.has_groups():
            return super().__call__(field, **kwargs)
        html = [_select_tag(self, field, kwargs)]
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


class PairSelect(widgets.Select):
    """A select over a long reference list given as plain (value, label) pairs: PairSelectField.

    For thousands of agencies even FastSelect is slow: WTForms wraps every choice in a
    SelectChoice and again in a Choice (about 10 µs an option, most of it the garbage
    collector sweeping the 15,000 short-lived objects: 50 ms of a request form for 5,000
    agencies). Here each pair is written as it is read. The HTML is FastSelect's; an option is
    selected as WTForms selects it, when its coerced value equals the field's data.
    """

    def __call__(self, field, **kwargs) -> Markup:
        options = _options(field.choices or (), field.coerce, field.data)
        return Markup(f"{_select_tag(self, field, kwargs)}{options}</select>")


def _plain(choices) -> bool:
    """Whether the choices are SelectChoices with neither an option group nor attributes."""
    return isinstance(choices, list) and all(
        type(choice) is SelectChoice and not choice.optgroup and not choice.render_kw
        and not isinstance(choice.value, bool) for choice in choices)


def _options(pairs, coerce, data) -> str:
    """Return the options of (value, label) pairs, selected as WTForms selects them.

    An option is selected when its coerced value equals the field's data; an empty label
    shows the value.
    """
    return "".join(
        f'<option {"selected " if coerce(value) == data else ""}value="{_attribute(value)}">'
        f"{escape(label if label else value)}</option>"
        for value, label in pairs)


def _attribute(value) -> str:
    """Return a value escaped for an attribute; an integer (a row id) needs no escaping."""
    # type(), not isinstance(): a bool is an int subclass and an IntEnum may format otherwise.
    return str(value) if type(value) is int else escape(value)


def _select_tag(widget: widgets.Select, field, kwargs: dict) -> str:
    """Return the opening select tag as widgets.Select writes it: id, multiple, validation flags."""
    kwargs.setdefault("id", field.id)
    if widget.multiple:
        kwargs["multiple"] = True
    for flag in widget.validation_attrs:
        if flag not in kwargs and getattr(field.flags, flag, False):
            kwargs[flag] = getattr(field.flags, flag)
    return f"<select {html_attributes(name=field.name, **kwargs)}>"
