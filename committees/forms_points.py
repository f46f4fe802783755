"""The forms of the five-old points pages: a ledger line for one of a committee's volunteers,
the year of the ranking, the review's filter and the decision on a suggestion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import Form
from .forms_registry import PointsEntryForm
from .models import Decision, Suggestion, Volunteer


class VolunteerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Volunteer) -> str:
        return f"{obj.person.name}（{obj.committee.name}）"


class LedgerEntryForm(PointsEntryForm):
    """A points line for one of the active volunteers offered (a committee's subtree)."""

    volunteer = VolunteerChoice(label=_("volunteer"), queryset=Volunteer.objects.none())
    field_order = ["volunteer", "rule", "points", "date", "reason"]

    def __init__(self, *args, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if volunteers is not None:
            offered = volunteers.active().select_related("person", "committee")
            if not self.is_bound:
                # Only what the options show: a committee's subtree offers thousands of volunteers.
                offered = offered.only("person__name", "committee__name")
            self.fields["volunteer"].queryset = offered
        self.order_fields(self.field_order)


class ReviewFilterForm(Form):
    suggestion = forms.ChoiceField(
        label=_("suggestion"), required=False, choices=[("", _("(all)")), *Suggestion.choices]
    )


class DecisionForm(Form):
    suggestion = forms.ChoiceField(label=_("suggestion"), choices=Suggestion.choices)
    decision = forms.ChoiceField(label=_("decision"), choices=[("", _("(choose)")), *Decision.choices])
    reason = forms.CharField(label=_("reason"), max_length=200)
