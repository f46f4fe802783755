from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PARENT_KINDS, Committee, Kind
from .validators import validate_single_line, validate_text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# Django's empty choice of a select ("---------"), in words.
DJANGO_BLANK_LABEL = BLANK_CHOICE_DASH[0][1]
BLANK_LABEL = _("(choose)")


def label_blank_choice(field: forms.Field) -> None:
    """Give a select's empty choice a label in words instead of Django's dashes."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK_LABEL:
            field.empty_label = BLANK_LABEL
    elif isinstance(field, forms.ChoiceField) and not callable(field.choices):
        choices = list(field.choices)
        if choices and choices[0] == ("", DJANGO_BLANK_LABEL):
            field.choices = [("", BLANK_LABEL), *choices[1:]]


class StorableTextForm(forms.BaseForm):
    """Refuse, in every text field, what may not be stored (committees.validators): control
    characters anywhere, and line breaks in a one-line input (any widget but a Textarea).
    And label every select's empty choice in words (label_blank_choice).

    Every form of the portal derives from Form or ModelForm below, so that a field added
    later, or by a form's __init__, is checked without naming it."""

    def __getitem__(self, name: str):
        # When a field is shown, not in __init__: a form's own __init__ adds fields after it.
        if name in self.fields:
            label_blank_choice(self.fields[name])
        return super().__getitem__(name)

    def _clean_fields(self):
        # After each field's own cleaning, so that its errors (NUL: Django's own) come first.
        super()._clean_fields()
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if name in self._errors or not isinstance(value, str):
                continue
            check = validate_text if isinstance(field.widget, forms.Textarea) else validate_single_line
            try:
                check(value)
            except ValidationError as error:
                self.add_error(name, error)


class Form(StorableTextForm, forms.Form):
    pass


class ModelForm(StorableTextForm, forms.ModelForm):
    pass


class ServiceValidatedForm(ModelForm):
    """A ModelForm whose row is validated by its service (model rules and constraints, once the
    user's right is checked), not by the form: the ModelForm's own pass is skipped."""

    def _post_clean(self):
        pass


class RowForm(ModelForm):
    """A row of an editable table (a model formset): a new row that holds only its defaults (an
    order, a weight, a preselected choice) counts as left blank, so the table's empty row is
    skipped when saving, whatever of its defaults a browser posts or leaves out; it counts as
    filled once one of its `row_fields` is given."""

    row_fields: tuple[str, ...] = ()

    def has_changed(self) -> bool:
        if self.instance.pk is None and self.row_fields:
            return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.row_fields)
        return super().has_changed()


class CommitteeDetailsForm(ModelForm):
    """A committee's own details: what a town secretary may keep up to date."""

    class Meta:
        model = Committee
        fields = ["name", "opened_on", "display_order", "address", "phone", "notes"]
        widgets = {"opened_on": DateInput()}


class CommitteeCreateForm(ServiceValidatedForm):
    class Meta:
        model = Committee
        fields = ["code", "name", "kind", "opened_on", "display_order", "address", "phone", "notes"]
        widgets = {"opened_on": DateInput()}
        help_texts = {"code": _("Letters, digits and hyphens; it never changes once created.")}

    def __init__(self, *args, parent: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [k for k, parents in PARENT_KINDS.items() if parent.kind in parents]
        self.fields["kind"].choices = [(k.value, k.label) for k in Kind if k.value in allowed]


class CommitteeMoveForm(Form):
    parent = forms.ModelChoiceField(label=_("New parent committee"), queryset=Committee.objects.none())

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].error_messages["invalid_choice"] = _(
            "That committee cannot take this one as a child, or is outside your scope."
        )


class CommitteeCloseForm(Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class CommitteeSearchForm(Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open and closed")), ("open", _("Open")), ("closed", _("Closed"))],
    )


# Views of every app put a service's refusal on their form through these.
T = TypeVar("T")


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where it names them."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_form(
    request: HttpRequest, form: forms.Form, save: Callable[[dict], T], success: str | Callable[[T], str]
) -> T | None:
    """On a valid POST, call the service with the cleaned data and say so.

    Returns the service's result, or None when there is nothing to save or the service
    refused (its ValidationError is then shown on the form).
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
