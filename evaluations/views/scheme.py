"""The scheme's items and reward tiers (考核办法), edited by the district's admins, and a new
year's scheme copied from one of an earlier year."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from committees import scoping
from committees.forms import Form, RowForm, save_form
from committees.scoping import Action

from .. import scorers, services
from ..models import AssessmentItem, AssessmentScheme, RewardRule
from .assessment import _scheme


class ItemForm(RowForm):
    row_fields = ("code", "name", "max_points")
    scorer = forms.ChoiceField(label=gettext_lazy("computed by"), required=False)

    class Meta:
        model = AssessmentItem
        fields = ["order", "code", "name", "max_points", "weight", "scorer"]
        labels = {"code": pgettext_lazy("assessment item", "Code")}  # the model's "code" reads 单位编码

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scorer"].choices = [("", _("by hand")), *scorers.choices()]


class TierForm(RowForm):
    row_fields = ("bound", "amount")

    class Meta:
        model = RewardRule
        fields = ["basis", "bound", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:  # a rank reads 3, not 3.00; a score 85.5
            self.initial["bound"] = f"{self.instance.bound.normalize():f}"


ItemFormSet = forms.inlineformset_factory(AssessmentScheme, AssessmentItem, form=ItemForm, extra=1, can_delete=True)
TierFormSet = forms.inlineformset_factory(AssessmentScheme, RewardRule, form=TierForm, extra=1, can_delete=True)


def _check_manage(request, scheme: AssessmentScheme) -> None:
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    if not scoping.can(request.user, Action.MANAGE_ROUNDS, scheme.committee):
        raise PermissionDenied(_("You are not allowed to do this."))


@login_required
def scheme_edit(request, year: int):
    scheme = _scheme(year)
    _check_manage(request, scheme)
    data = request.POST if request.method == "POST" else None
    items = ItemFormSet(data, instance=scheme, prefix="items")
    tiers = TierFormSet(data, instance=scheme, prefix="tiers")
    if data is not None and not (items.management_form.is_valid() and tiers.management_form.is_valid()):
        # A post that did not come from this page: say so in words, show the page afresh.
        messages.error(request, _("The form was incomplete; please fill it in again."))
        data = None
        items = ItemFormSet(instance=scheme, prefix="items")
        tiers = TierFormSet(instance=scheme, prefix="tiers")
    if data is not None:
        if items.is_valid() and tiers.is_valid():
            services.scheme_rows_save(items=items, tiers=tiers)
            messages.success(request, _("The assessment scheme is saved."))
            return redirect("assessment:scores", year=year)
        messages.error(request, _("Nothing was saved: correct the marked entries."))
    context = {"scheme": scheme, "year": year, "items": items, "tiers": tiers}
    return render(request, "evaluations/assessment_scheme.html", context)


class SchemeCopyForm(Form):
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)


@login_required
def scheme_copy(request, year: int):
    """Copy the year's scheme (items, weights, how each is scored, reward tiers) to a new year."""
    scheme = _scheme(year)
    _check_manage(request, scheme)
    form = SchemeCopyForm(request.POST or None, initial={"year": year + 1})

    def save(data):
        return services.scheme_copy(actor=request.user, scheme=scheme, year=data["year"])

    def said(copy) -> str:
        return _("The scheme of %(year)s is copied: change it as needed.") % {"year": copy.year}

    copy = save_form(request, form, save, said)
    if copy:
        return redirect("assessment:scheme", year=copy.year)
    title = _("Copy %(name)s to a new year") % {"name": scheme.name}
    cancel_url = reverse("assessment:scores", kwargs={"year": year})
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url})
