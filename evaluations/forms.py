"""The forms of the evaluations pages: a standard version's own fields and its items as a formset
(one form per item, in order; blank extra forms are left out, a ticked one is deleted); recording
a review (a result per item of the version, as a grid), and a responsible committee's report that
its rectification is done."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.forms import DateInput, Form, ServiceValidatedForm
from committees.models import Person

from .models import (
    RESULTS_OF_KIND,
    FhfgGroup,
    FhfgItem,
    FhfgStandard,
    ItemResult,
    ReviewKind,
    ReviewResult,
)
from .selectors import standard_in_force

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
