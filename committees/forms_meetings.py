"""The forms of the meetings and visits log. Every choice of a committee is narrowed to the user's
scope (committees.scoping): the convenor to the district and towns the user may log for, the
committees taking part to those the user reads."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scoping
from .forms import DateInput, Form
from .models import Committee, Meeting, MeetingKind
from .scoping import Action
from .selectors import CONVENOR_KINDS


class ListedChoices(ModelChoiceIterator):
    """A committee's choices (its pk, its name) read as two columns in one query. Django's iterator
    reads whole rows into model instances through .iterator(), on PostgreSQL a server-side cursor
    (declare, fetch, close): three round trips, and a province's 1,400 convenors were 13 ms of
    instances."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name in self.queryset.values_list("pk", "name"):
            yield ModelChoiceIteratorValue(pk, None), name


class CommitteeChoice(forms.ModelChoiceField):
    iterator = ListedChoices  # labelled by name


class CommitteesChoice(forms.ModelMultipleChoiceField):
    iterator = ListedChoices  # labelled by name


def convenors_for(user, action: Action = Action.LOG_MEETINGS):
    """The committees whose meetings the user may log (or read): the district and towns in scope."""
    return scoping.committees_for(user, action).filter(kind__in=CONVENOR_KINDS).order_by("path")


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("kind of meeting"), choices=[("", _("(choose)")), *MeetingKind.choices])
    date = forms.DateField(label=_("meeting date"), widget=DateInput())
    convenor = CommitteeChoice(label=_("convened by"), queryset=Committee.objects.none())
    participants = CommitteesChoice(
        label=_("committees taking part or visited"),
        queryset=Committee.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Attending counts for the convening committee only; several may be chosen."),
    )
    topics = forms.CharField(label=_("topics"), max_length=300)
    decisions = forms.CharField(label=_("decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(
        label=_("visit findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a research visit: what the visit found."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convenor"].queryset = convenors_for(user).filter(closed_on__isnull=True)
        readable = scoping.committees_for(user).filter(closed_on__isnull=True)
        self.fields["participants"].queryset = readable.order_by("path")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A meeting is logged once it has been held: the date is in the future."))
        return date


class MeetingFilterForm(Form):
    kind = forms.ChoiceField(
        label=_("kind of meeting"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )
    year = forms.TypedChoiceField(label=_("year"), required=False, coerce=int, empty_value=None, choices=())
    convenor = CommitteeChoice(
        label=_("convened by"), required=False, queryset=Committee.objects.none(), empty_label=_("All")
    )

    def __init__(self, *args, user, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["convenor"].queryset = convenors_for(user, Action.VIEW).filter(self._offered())

    def _offered(self) -> Q:
        """The convenors that logged a meeting (their log is the reader's wherever the convenor is),
        and the one asked for: a province's 1,400 towns and districts, most with an empty log,
        were 88 KB of options and three quarters of the page's work."""
        offered = Exists(Meeting.objects.filter(convenor=OuterRef("pk")))
        asked = str(self.data.get("convenor", "")) if self.is_bound else ""
        return offered | Q(pk=int(asked)) if asked.isdigit() else offered
