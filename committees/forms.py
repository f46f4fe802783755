from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PARENT_KINDS, Committee, Kind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ServiceValidatedForm(forms.ModelForm):
    """A ModelForm whose row is validated by its service (model rules and constraints, once the
    user's right is checked), not by the form: the ModelForm's own pass is skipped."""

    def _post_clean(self):
        pass


class CommitteeDetailsForm(forms.ModelForm):
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


class CommitteeMoveForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("New parent committee"), queryset=Committee.objects.none())

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].error_messages["invalid_choice"] = _(
            "That committee cannot take this one as a child, or is outside your scope."
        )


class CommitteeCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class CommitteeSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices])
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Open and closed")), ("open", _("Open")), ("closed", _("Closed"))],
    )
