"""The ledger's forms (committees.forms' Form: every text field checked for what may be stored)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, Form

from .models import FundSource


def _money(label, *, minimum: str = "0") -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=Decimal(minimum), localize=False)


class BudgetForm(Form):
    amount = _money(_("budgeted (10k yuan)"))
    in_fiscal_budget = forms.BooleanField(label=_("in the fiscal budget"), required=False)
    source = forms.CharField(label=_("source document"), max_length=300, required=False)
    notes = forms.CharField(label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EntryForm(Form):
    date = forms.DateField(label=_("date in place"), widget=DateInput())
    amount = _money(_("amount (10k yuan)"), minimum="0.01")
    source = forms.ChoiceField(label=_("source of funds"), choices=[("", _("(choose)")), *FundSource.choices])
    document = forms.CharField(label=_("document number"), max_length=100, required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)


class ReverseForm(Form):
    reason = forms.CharField(label=_("reason for the correction"), max_length=300)


class SpecialFundForm(Form):
    purpose = forms.CharField(label=_("purpose"), max_length=200)
    amount = _money(_("amount (10k yuan)"), minimum="0.01")
    approved_on = forms.DateField(label=_("approved on"), widget=DateInput())
    document = forms.CharField(label=_("document number"), max_length=100, required=False)


class SubsidyAmountForm(Form):
    amount = _money(_("amount (10k yuan)"))
    note = forms.CharField(label=_("note"), max_length=300, required=False)
