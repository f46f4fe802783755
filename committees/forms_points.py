"""The forms of the five-old points pages: a ledger line for one of a committee's volunteers,
the year of the ranking, the review's filter and the decision on a suggestion."""

from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from .forms import Form
from .forms_registry import PointsEntryForm
from .models import Decision, Suggestion, Volunteer


class VolunteerChoices(ModelChoiceIterator):
    """The volunteers offered as (pk, the person's name, the committee's name) rows in one query,
    not model instances through .iterator(): a town's 600 volunteers were three instances each,
    most of the town's ranking page (about 20 ms)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, person_name, committee_name in self.queryset.values_list("pk", "person__name", "committee__name"):
            yield ModelChoiceIteratorValue(pk, None), f"{person_name}（{committee_name}）"


class VolunteerChoice(forms.ModelChoiceField):
    iterator = VolunteerChoices  # labelled "name（committee）"


class LedgerEntryForm(PointsEntryForm):
    """A points line for one of the active volunteers offered (a committee's subtree)."""

    volunteer = VolunteerChoice(label=_("volunteer"), queryset=Volunteer.objects.none())
    field_order = ["volunteer", "rule", "points", "date", "reason"]

    def __init__(self, *args, volunteers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if volunteers is not None:
            # The options read their three columns (VolunteerChoices); the volunteer chosen is read
            # whole, with its committee (the view checks the right to write on it).
            self.fields["volunteer"].queryset = volunteers.active().select_related("person", "committee")
        self.order_fields(self.field_order)


class ReviewFilterForm(Form):
    suggestion = forms.ChoiceField(
        label=_("suggestion"), required=False, choices=[("", _("(all)")), *Suggestion.choices]
    )


class DecisionForm(Form):
    suggestion = forms.ChoiceField(label=_("suggestion"), choices=Suggestion.choices)
    decision = forms.ChoiceField(label=_("decision"), choices=[("", _("(choose)")), *Decision.choices])
    reason = forms.CharField(label=_("reason"), max_length=200)
