"""The scheme's items and reward tiers (考核办法), edited by the district's admins."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees import scoping
from committees.forms import ModelForm
from committees.scoping import Action

from .. import scorers
from ..models import AssessmentItem, RewardRule
from .assessment import _scheme


class ItemForm(ModelForm):
    scorer = forms.ChoiceField(label=gettext_lazy("computed by"), required=False)

    class Meta:
        model = AssessmentItem
        fields = ["order", "code", "name", "max_points", "weight", "scorer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scorer"].choices = [("", _("by hand")), *scorers.choices()]


ItemFormSet = forms.inlineformset_factory(
    AssessmentItem._meta.get_field("scheme").related_model, AssessmentItem, form=ItemForm, extra=1, can_delete=True
)
TierFormSet = forms.inlineformset_factory(
    RewardRule._meta.get_field("scheme").related_model,
    RewardRule,
    fields=["basis", "bound", "amount"],
    extra=1,
    can_delete=True,
)


@login_required
def scheme_edit(request, year: int):
    scheme = _scheme(year)
    if request.method not in ("GET", "HEAD", "POST"):
        raise Http404
    if not scoping.can(request.user, Action.MANAGE_ROUNDS, scheme.committee):
        raise PermissionDenied(_("You are not allowed to do this."))
    data = request.POST if request.method == "POST" else None
    items = ItemFormSet(data, instance=scheme, prefix="items")
    tiers = TierFormSet(data, instance=scheme, prefix="tiers")
    if data is not None and not (items.management_form.is_valid() and tiers.management_form.is_valid()):
        # A post that did not come from this page: say so in words, show the page afresh.
        messages.error(request, _("The form was incomplete; please fill it in again."))
        data = None
        items = ItemFormSet(instance=scheme, prefix="items")
        tiers = TierFormSet(instance=scheme, prefix="tiers")
    if data is not None and items.is_valid() and tiers.is_valid():
        with transaction.atomic():
            items.save()
            tiers.save()
        messages.success(request, _("The assessment scheme is saved."))
        return redirect("assessment:scores", year=year)
    return render(
        request, "evaluations/assessment_scheme.html", {"scheme": scheme, "year": year, "items": items, "tiers": tiers}
    )
