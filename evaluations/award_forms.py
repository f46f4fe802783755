"""The forms of awards: a nomination (an awardee of the nominator's town), an award period, and a
scheme with its categories (a table of rows)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees import scoping
from committees.forms import Form, ModelForm, RowForm
from committees.models import TOWN_KINDS, Person, Post, TutoringStation, Volunteer
from committees.scoping import Action

from .award_models import AwardCategory, AwardPeriod, AwardScheme
from .awards import category_change_error, category_ids_in_use


class _StationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TutoringStation) -> str:
        return f"{obj.name} · {obj.committee.name}"


class _PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name}（{obj.birth_year}）" if obj.birth_year else obj.name


def _people_in_scope(user):
    posts = scoping.scope_queryset(Post.objects.open(), user, Action.NOMINATE_AWARDS).values("person_id")
    members = scoping.scope_queryset(Volunteer.objects.active(), user, Action.NOMINATE_AWARDS).values("person_id")
    return Person.objects.filter(Q(pk__in=posts) | Q(pk__in=members)).order_by("name", "pk")


class NominationForm(Form):
    """One awardee: a station, a committee or a person, chosen among those the user may nominate."""

    town = forms.ModelChoiceField(label=_("nominating town"), queryset=None)
    category = forms.ModelChoiceField(label=_("award category"), queryset=None)
    station = _StationField(label=_("tutoring station"), queryset=None, required=False)
    committee = forms.ModelChoiceField(label=_("committee"), queryset=None, required=False)
    person = _PersonField(label=_("person"), queryset=None, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, period: AwardPeriod, user, **kwargs):
        super().__init__(*args, **kwargs)
        committees = scoping.committees_for(user, Action.NOMINATE_AWARDS)
        self.fields["town"].queryset = committees.filter(kind__in=TOWN_KINDS).order_by("code")
        self.fields["category"].queryset = period.scheme.categories.all()
        stations = TutoringStation.objects.select_related("committee").order_by("committee__code", "name")
        self.fields["station"].queryset = scoping.scope_queryset(stations, user, Action.NOMINATE_AWARDS)
        self.fields["committee"].queryset = committees.order_by("code")
        self.fields["person"].queryset = _people_in_scope(user)


class PeriodForm(ModelForm):
    class Meta:
        model = AwardPeriod
        fields = ["scheme", "first_year", "last_year", "nominations_open"]


class SchemeForm(ModelForm):
    class Meta:
        model = AwardScheme
        fields = ["name", "every_years", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class CategoryForm(RowForm):
    row_fields = ("name", "points")

    class Meta:
        model = AwardCategory
        fields = ["order", "name", "awardee_kind", "points"]


class _CategoryFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """A category with nominations keeps its meaning: it is not deleted, its kind of awardee
        does not change (awards.category_change_error)."""
        super().clean()
        used = category_ids_in_use(self.instance)
        errors = []
        for form in self.initial_forms:
            error = category_change_error(
                form.instance,
                used,
                deleting=self._should_delete_form(form),
                kind_changed="awardee_kind" in form.changed_data,
            )
            if error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)


CategoryFormSet = forms.inlineformset_factory(
    AwardScheme, AwardCategory, form=CategoryForm, formset=_CategoryFormSet, extra=2, can_delete=True
)
