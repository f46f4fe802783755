"""Filter and action forms of the registry's pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import FiveOldCategory, Layer, TeamType, VolunteerTeam

AGE_BAND_CHOICES = [
    ("", _("Any age")),
    ("under_60", _("under 60")),
    ("60_69", _("60 to 69")),
    ("70_80", _("70 to 80")),
    ("over_80", _("over 80")),
]
STATE_CHOICES = [("", _("Active and exited")), ("active", _("active")), ("exited", _("exited"))]
SORT_CHOICES = [("name", _("name")), ("-name", _("name, descending")), ("age", _("youngest first")),
                ("-age", _("oldest first"))]  # fmt: skip


def _blank(choices, label):
    return [("", label), *choices]


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    committee = forms.CharField(label=_("Committee code (with those below it)"), required=False, max_length=32)
    category = forms.ChoiceField(
        label=_("Five-old category"), required=False, choices=_blank(FiveOldCategory.choices, _("Any category"))
    )
    layer = forms.ChoiceField(label=_("Layer"), required=False, choices=_blank(Layer.choices, _("Any layer")))
    age_band = forms.ChoiceField(label=_("Age at 2023-12-31"), required=False, choices=AGE_BAND_CHOICES)
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)


class VolunteerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    committee = forms.CharField(label=_("Committee code (with those below it)"), required=False, max_length=32)
    layer = forms.ChoiceField(label=_("Layer"), required=False, choices=_blank(Layer.choices, _("Any layer")))
    category = forms.ChoiceField(
        label=_("Five-old category"), required=False, choices=_blank(FiveOldCategory.choices, _("Any category"))
    )
    age_band = forms.ChoiceField(label=_("Age at 2023-12-31"), required=False, choices=AGE_BAND_CHOICES)
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATE_CHOICES)
    team = forms.ModelChoiceField(label=_("Team"), required=False, queryset=VolunteerTeam.objects.none())

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class TeamFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    committee = forms.CharField(label=_("Committee code (with those below it)"), required=False, max_length=32)
    team_type = forms.ChoiceField(label=_("Team type"), required=False, choices=_blank(TeamType.choices, _("Any type")))


class StationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=50)
    committee = forms.CharField(label=_("Committee code (with those below it)"), required=False, max_length=32)
    hub_only = forms.BooleanField(label=_("Only hub-and-points stations"), required=False)


class PostEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class VolunteerExitForm(forms.Form):
    exited_on = forms.DateField(label=_("Exited on"), widget=DateInput())
    exit_reason = forms.CharField(label=_("Exit reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exited_on"].initial = timezone.localdate()
