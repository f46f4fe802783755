"""The forms of the review pages: recording a review (a result per item of the version, as a
grid), and a responsible committee's report that its rectification is done."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput, Form
from committees.models import Person

from .models import RESULTS_OF_KIND, FhfgItem, FhfgStandard, ItemResult, ReviewKind, ReviewResult
from .selectors import standard_in_force

ITEM_PREFIX = "item_"


def result_choices() -> list:
    """The overall results grouped by the kind of review that may give them."""
    return [("", _("(choose)"))] + [
        (ReviewKind(kind).label, [(r, ReviewResult(r).label) for r in results])
        for kind, results in RESULTS_OF_KIND.items()
        if kind in (ReviewKind.CREATION, ReviewKind.LOOK_BACK)  # the other two give the same results
    ]


class ReviewForm(Form):
    kind = forms.ChoiceField(label=_("review kind"), choices=ReviewKind.choices)
    date = forms.DateField(label=_("review date"), widget=DateInput())
    standard = forms.ModelChoiceField(
        label=_("standard"),
        queryset=FhfgStandard.objects.order_by("-effective_from"),
        required=False,
        empty_label=_("The version in force on the review date"),
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("reviewers"), queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    reviewer_names = forms.CharField(
        label=_("other reviewers"), max_length=200, required=False, help_text=_("Names not in the registry.")
    )
    result = forms.ChoiceField(label=_("overall result"))
    findings = forms.CharField(label=_("findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(
        label=_("due date"),
        required=False,
        widget=DateInput(),
        help_text=_("For failed items or a bad result: when the rectification is due (default: 90 days)."),
    )
    responsible_person = forms.ModelChoiceField(
        label=_("responsible person"), queryset=Person.objects.none(), required=False
    )
    measures = forms.CharField(
        label=_("rectification measures"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items: list[FhfgItem], reviewers: QuerySet, responsible: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        self.fields["result"].choices = result_choices()
        self.fields["reviewers"].queryset = reviewers
        self.fields["responsible_person"].queryset = responsible
        for item in items:
            self.fields[f"{ITEM_PREFIX}{item.pk}"] = forms.ChoiceField(
                label=item.name, choices=ItemResult.choices, initial=ItemResult.MET, widget=forms.RadioSelect
            )

    def item_fields(self):
        return [self[f"{ITEM_PREFIX}{item.pk}"] for item in self.items]

    def clean(self):
        data = super().clean()
        kind, result, day = data.get("kind"), data.get("result"), data.get("date")
        if kind and result and result not in RESULTS_OF_KIND[kind]:
            self.add_error("result", _("This result is not one a review of this kind gives."))
        if day and day > timezone.localdate():
            self.add_error("date", _("A review date cannot be in the future."))
        if day and data.get("due_date") and data["due_date"] < day:
            self.add_error("due_date", _("The due date cannot be before the review date."))
        if day and not self.errors:
            self._resolve_standard(data, day)
        return data

    def _resolve_standard(self, data: dict, day) -> None:
        """The version (chosen, or in force on the day) and the grid's results by its items: the grid
        shows a version's items, matched by name to the version used."""
        standard = data.get("standard")
        if standard is None:
            try:
                standard = standard_in_force(day)
            except FhfgStandard.DoesNotExist as exc:
                raise ValidationError(str(exc.args[0])) from exc
        by_name = {item.name: data.get(f"{ITEM_PREFIX}{item.pk}") for item in self.items}
        used = list(FhfgItem.objects.filter(standard=standard).order_by("order"))
        missing = [item.name for item in used if not by_name.get(item.name)]
        if missing:
            raise ValidationError(
                _("The version %(version)s has items this grid does not show: %(items)s. Choose that version.")
                % {"version": standard.name, "items": "、".join(missing)}
            )
        data["standard"] = standard
        data["results"] = {item.pk: by_name[item.name] for item in used}


class DoneForm(Form):
    day = forms.DateField(label=_("done on"), widget=DateInput())
    measures = forms.CharField(
        label=_("rectification measures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done (replaces the measures when given)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise ValidationError(_("The day cannot be in the future."))
        return day
