"""The form renderer (settings.FORM_RENDERER): Django's own, except that a <select> is written in
Python rather than through its templates.

Django renders a select's every option with a template include of its own: a list of a few
thousand options (the points page's volunteers, a committee picker) took most of a page's time.
The markup written here is the one Django's select.html, select_option.html and attrs.html give,
byte for byte (tests/test_form_renderer.py compares both)."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """{{ value }}: localized and escaped unless already safe."""
    return str(conditional_escape(localize(value)))


def _attrs(attrs: dict) -> str:
    """attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            # stringformat:'s' makes a plain string of it, which autoescape then escapes.
            parts.append(f' {_text(name)}="{escape(str(value))}"')
    return "".join(parts)


def _option(option: dict) -> str:
    # select_option.html ends with a line break, which its include keeps.
    return (
        f'<option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'
    )


def render_select(widget: dict) -> str:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return ""  # an option of its own design: the templates render it
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html:
                return html
        return super().render(template_name, context, request)
