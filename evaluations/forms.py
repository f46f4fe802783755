"""The forms of the standards' pages: a version's own fields, and its items as a formset (one
form per item, in order; blank extra forms are left out, a ticked one is deleted)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.forms import DateInput, Form, ServiceValidatedForm

from .models import FhfgGroup, FhfgItem, FhfgStandard

EXTRA_ITEMS = 2


class StandardForm(ServiceValidatedForm):
    class Meta:
        model = FhfgStandard
        fields = ["name", "effective_from", "source", "notes"]
        widgets = {"effective_from": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "effective_from": _("Rounds whose reference date (31 December of their year) is on or after it use it."),
        }


def _criterion(name: str) -> forms.CharField:
    field = FhfgItem._meta.get_field(name)
    return forms.CharField(
        label=field.verbose_name, required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ItemForm(Form):
    code = forms.CharField(label=pgettext_lazy("fhfg item", "code"), max_length=10)
    name = forms.CharField(label=_("name"), max_length=50)
    # A blank first choice: an extra item's form left alone stays unchanged (and is left out).
    group = forms.ChoiceField(label=_("group"), choices=[*BLANK_CHOICE_DASH, *FhfgGroup.choices])
    weight = forms.DecimalField(label=_("weight"), max_digits=6, decimal_places=2, min_value=Decimal("0"))
    criteria_met = _criterion("criteria_met")
    criteria_partly_met = _criterion("criteria_partly_met")
    criteria_not_met = _criterion("criteria_not_met")


CRITERIA = ("criteria_met", "criteria_partly_met", "criteria_not_met")


class BaseItemFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = _("order")
        form.fields["ORDER"].required = False
        form.fields["DELETE"].label = _("Remove this item")
        # The short fields first, then what counts as each result (the template's two rows).
        form.short_fields = [form[name] for name in form.fields if name not in CRITERIA]
        form.criteria_fields = [form[name] for name in CRITERIA]

    def items(self) -> list[dict]:
        """The items in their order (blank extra forms and deleted ones left out)."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k not in ("ORDER", "DELETE")} for form in self.ordered_forms
        ]

    def sent(self) -> bool:
        """Whether the formset's counts came with the request (else its error is Django's, in English)."""
        return not self.is_bound or self.management_form.is_valid()


ItemFormSet = forms.formset_factory(
    ItemForm, formset=BaseItemFormSet, extra=EXTRA_ITEMS, can_order=True, can_delete=True, max_num=100
)


def item_initial(items) -> list[dict]:
    fields = ("code", "name", "group", "weight", "criteria_met", "criteria_partly_met", "criteria_not_met")
    return [{**{f: getattr(item, f) for f in fields}, "ORDER": n} for n, item in enumerate(items, start=1)]
