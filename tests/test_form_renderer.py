"""The form renderer writes a <select> in Python: the same markup as Django's templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from committees.form_renderer import FastSelectRenderer

CHOICES = [
    ("", "---------"),
    ("a&b", 'Tom & "Jerry" <i>'),
    (3, 2024),
    ("safe", mark_safe("<b>bold</b>")),
    ("lazy", gettext_lazy("Search")),
    ("Group <1>", [("g1", "one"), ("g2", "two")]),
]


def both(widget: forms.Widget, name: str, value, attrs=None) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=attrs, renderer=DjangoTemplates()),
        widget.render(name, value, attrs=attrs, renderer=FastSelectRenderer()),
    )


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), "a&b"),
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"required": True, "disabled": False, "data-x": 'q"<'}), "g2"),
        (forms.SelectMultiple(choices=CHOICES), ["g1", "3"]),
        (forms.NullBooleanSelect(), True),
        (forms.Select(choices=[]), ""),
    ],
)
def test_it_writes_the_markup_of_djangos_templates(widget, value):
    django_html, fast_html = both(widget, "pick<me>", value, attrs={"id": "id_pick"})
    assert "<select" in fast_html
    assert fast_html == django_html


def test_a_model_choice_field_renders_the_same(xs):
    from committees.models import Committee

    field = forms.ModelChoiceField(queryset=Committee.objects.order_by("path"))
    django_html, fast_html = both(field.widget, "committee", Committee.objects.order_by("path").first().pk)
    assert fast_html.count("<option") == Committee.objects.count() + 1
    assert " selected>" in fast_html
    assert fast_html == django_html


def test_a_radio_select_keeps_its_templates():
    widget = forms.RadioSelect(choices=[("a", "A")])
    assert widget.render("r", "a", renderer=FastSelectRenderer()) == widget.render("r", "a", renderer=DjangoTemplates())
