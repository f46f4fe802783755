"""The forms of donations and study-aid programmes. Every choice of a committee, a donor or a
programme is a queryset narrowed to the user's scope (committees.scoping)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from committees import scoping
from committees.forms import DateInput, Form
from committees.models import Committee, Kind
from committees.scoping import Action

from .donation_models import AidProgramme, Donor, DonorKind, town_path


def _money(label, *, minimum: str = "0") -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=Decimal(minimum), localize=False)


def _year(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1980, max_value=2100)


class CommitteeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Committee) -> str:
        return obj.name


def _writable_committees(user):
    return scoping.committees_for(user, Action.MANAGE_FUNDS).filter(closed_on__isnull=True).order_by("path")


class DonorForm(Form):
    committee = CommitteeChoice(label=_("recorded by"), queryset=Committee.objects.none())
    name = forms.CharField(label=_("donor name"), max_length=200)
    kind = forms.ChoiceField(label=_("kind of donor"), choices=[("", _("(choose)")), *DonorKind.choices])
    enterprise = CommitteeChoice(label=_("enterprise committee"), queryset=Committee.objects.none(), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = _writable_committees(user)
        enterprises = scoping.committees_for(user).filter(kind=Kind.ENTERPRISE).order_by("path")
        self.fields["enterprise"].queryset = enterprises


class ProgrammeForm(Form):
    committee = CommitteeChoice(label=_("run by"), queryset=Committee.objects.none())
    name = forms.CharField(label=_("programme name"), max_length=200)
    first_year = _year(_("first year"))
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["committee"]
        else:
            self.fields["committee"].queryset = _writable_committees(user)


class SessionForm(Form):
    year = _year(_("year"))
    number = forms.IntegerField(label=_("session number"), min_value=1, max_value=32767)
    date = forms.DateField(label=_("date held"), widget=DateInput(), required=False)
    amount = _money(_("amount awarded (10k yuan)"))
    students = forms.IntegerField(label=_("students aided"), min_value=0)
    awards = forms.IntegerField(label=_("awards"), min_value=0, initial=0)
    donors = forms.ModelMultipleChoiceField(
        label=_("donors involved"), queryset=Donor.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user, programme: AidProgramme, **kwargs):
        super().__init__(*args, **kwargs)
        donors = scoping.scope_queryset(Donor.objects.all(), user)
        root = town_path(programme.committee.path)
        self.fields["donors"].queryset = donors.filter(committee__path__startswith=root).order_by("name", "pk")


class DonationForm(Form):
    donor = forms.ModelChoiceField(label=_("donor"), queryset=Donor.objects.none())
    committee = CommitteeChoice(label=_("received by"), queryset=Committee.objects.none())
    date = forms.DateField(label=_("date received"), widget=DateInput())
    amount = _money(_("amount (10k yuan)"), minimum="0.01")
    programme = forms.ModelChoiceField(label=_("programme"), queryset=AidProgramme.objects.none(), required=False)
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = scoping.scope_queryset(Donor.objects.all(), user).order_by("name", "pk")
        self.fields["committee"].queryset = _writable_committees(user)
        programmes = scoping.scope_queryset(AidProgramme.objects.all(), user, Action.MANAGE_FUNDS)
        self.fields["programme"].queryset = programmes.order_by("name", "pk")
