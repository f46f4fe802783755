"""Forms of the review pages: the completeness filters, the review actions, opening a round."""

from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.forms import HiddenInput, ModelChoiceField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from committees.forms import DateInput, Form
from committees.models import Committee

from .cell_comments import CommentRow, comment_columns
from .models import State, Submission
from .selectors import first_year_without_round, form_titles
from .services import CommentDraft
from .spec import FORM_NUMBERS, SectionSpec


def form_choices(numbers=FORM_NUMBERS) -> list[tuple[int, str]]:
    titles = form_titles()
    return [(n, f"表{n} {titles[n]}") for n in numbers]


class CompletenessFilterForm(Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *State.choices])
    form = forms.TypedChoiceField(label=_("Form"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(label=_("Town"), required=False, max_length=100)
    late = forms.BooleanField(label=_("Late only"), required=False)

    def __init__(self, *args, forms_enabled, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", _("All forms")), *form_choices(forms_enabled)]

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored, as if not given)."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "state": data.get("state") or "",
            "form": data.get("form"),
            "q": (data.get("q") or "").strip(),
            "late": bool(data.get("late")),
        }


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The town's secretaries get it by email."),
    )


@dataclass(frozen=True)
class CommentSlot:
    """One comment of the return form as posted (or blank): the row, the column, the text."""

    row: str = ""
    column: str = ""
    text: str = ""


class ReturnForm(ReasonForm):
    """Returning: the reason, and any number of comments on cells, posted as parallel lists
    (comment_row, comment_column, comment_text) so that the page's script can add one per cell
    clicked and a page without script offers a few blank ones. A row is "<section>:<row key>",
    a column "<section>:<field key>" (surveys.cell_comments); the service checks they exist."""

    BLANK_SLOTS = 3
    ROW, COLUMN, TEXT = "comment_row", "comment_column", "comment_text"

    def __init__(self, *args, rows: Sequence[CommentRow] = (), sections: Sequence[SectionSpec] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.comment_rows = list(rows)
        self.comment_sections = [(s, comment_columns(s)) for s in sections]

    def posted_slots(self) -> list[CommentSlot]:
        if not self.is_bound:
            return []
        rows, columns, texts = (self.data.getlist(name) for name in (self.ROW, self.COLUMN, self.TEXT))
        count = max(len(rows), len(columns), len(texts))

        def at(values, n):
            return str(values[n]).strip() if n < len(values) else ""

        slots = [CommentSlot(at(rows, n), at(columns, n), at(texts, n)) for n in range(count)]
        return [s for s in slots if s.row or s.column or s.text]

    def slots(self) -> list[CommentSlot]:
        """The comments to show: those posted, then blank ones to fill without the script."""
        posted = self.posted_slots()
        return posted + [CommentSlot()] * max(self.BLANK_SLOTS - len(posted), 1)

    def clean(self):
        data = super().clean()
        comments = []
        for slot in self.posted_slots():
            if not slot.text:
                continue  # a row and a column chosen, nothing said: no comment
            row_section, _sep, row_key = slot.row.partition(":")
            column_section, _sep, field_key = slot.column.partition(":")
            if not row_key or not field_key:
                raise forms.ValidationError(_("Choose the row and the column of each comment."))
            if row_section != column_section:
                raise forms.ValidationError(_("The row and the column of a comment are in different tables."))
            comments.append(CommentDraft(row_section, row_key, field_key, slot.text))
        data["comments"] = comments
        return data


class ApproveForm(Form):
    """Approving takes no input; the form carries the errors the service may raise."""


class ExtendForm(Form):
    until = forms.DateField(label=_("Extended until"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class BulkApproveForm(Form):
    submissions = forms.ModelMultipleChoiceField(
        label=_("Forms"),
        queryset=Submission.objects.none(),
        error_messages={
            "required": _("Select the forms to approve."),
            "invalid_choice": _("A selected form is not one you may approve in this round."),
            "invalid_pk_value": _("A selected form is not one you may approve in this round."),
        },
    )

    def __init__(self, *args, submissions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submissions"].queryset = submissions


class RoundOpenForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    data_year = forms.IntegerField(
        label=_("Data year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_(
            "The year the money and activity figures describe (forms 2 and 5). Empty: the year before the round's."
        ),
    )
    opened_on = forms.DateField(
        label=pgettext_lazy("round", "Opened on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: today, or the deadline if that has already passed."),
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        help_text=_("A past deadline is allowed, to back-fill an earlier year: district staff then enter the forms."),
    )
    forms = forms.TypedMultipleChoiceField(
        label=_("Forms sent to the towns"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        choices=form_choices,
    )

    scope = ModelChoiceField(
        label=pgettext_lazy("round", "Scope"),
        queryset=Committee.objects.none(),
        required=False,  # with one district to choose from, it is that one
        help_text=_("The district, city or province whose towns the round asks."),
    )

    field_order = ["scope"]

    def __init__(self, *args, scopes: QuerySet[Committee], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = first_year_without_round()
        self.fields["forms"].initial = list(FORM_NUMBERS)
        self.fields["scope"].queryset = scopes
        choices = list(scopes[:2])
        self.only_scope = choices[0] if len(choices) == 1 else None
        if self.only_scope is not None:  # one district: nothing to choose
            self.fields["scope"].widget = HiddenInput()

    def clean_scope(self):
        scope = self.cleaned_data.get("scope") or self.only_scope
        if scope is None:
            raise forms.ValidationError(_("Choose the committee whose towns the round asks."))
        return scope
