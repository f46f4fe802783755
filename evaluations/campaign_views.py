"""The campaign pages: the campaigns, a campaign's year (each town's share of villages passing
acceptance against the year's target, the cumulative share beside, plaques, a chart), awarding a
plaque. Everyone signed in reads, within their scope (a town secretary their town's villages);
district admins and staff award plaques (Action.AWARD) to units they evaluate. Campaigns, their
years and targets and who checks whom are edited on the settings pages (district admins)."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from committees import scoping
from committees.forms import DateInput, Form, save_form
from committees.models import Committee
from committees.scoping import Action

from . import campaigns as selectors
from .models import Campaign, CheckLevel


@require_safe
@login_required
def campaign_list(request):
    """The campaigns with their years and targets."""
    scoping.require_anywhere(request.user, Action.VIEW)
    rows = [(c, selectors.targets(c)) for c in selectors.campaigns()]
    context = {"rows": rows, "may_edit": scoping.can_anywhere(request.user, Action.MANAGE_ROUNDS)}
    return render(request, "evaluations/campaigns/list.html", context)


def _campaign(pk: int) -> Campaign:
    return get_object_or_404(selectors.campaigns(), pk=pk)


@require_safe
@login_required
def campaign_page(request, pk: int):
    """A campaign opens at this year when it runs, else at its last (or first) year."""
    scoping.require_anywhere(request.user, Action.VIEW)
    campaign = _campaign(pk)
    year = min(max(timezone.localdate().year, campaign.first_year), campaign.last_year)
    return redirect("campaigns:year", pk=campaign.pk, year=year)


def _chart(progress: selectors.CheckProgress) -> dict:
    """Shares by town against the targets, as static/js/report-charts.js draws it, with its table."""
    names = [row.group.name for row in progress.rows]

    def numbers(values):
        return [format(v, "f") if v is not None else None for v in values]

    spec = {
        "type": "bar",
        "title": _("Share passing by town against the target (%)"),
        "categories": names,
        "series": [
            {"name": _("Share passing in the year"), "data": numbers(r.share for r in progress.rows)},
            {"name": _("Cumulative share"), "data": numbers(r.cumulative_share for r in progress.rows)},
            {"name": _("Target"), "type": "line", "data": numbers(progress.target for _r in progress.rows)},
            {
                "name": _("Cumulative target"),
                "type": "line",
                "data": numbers(progress.cumulative_target for _r in progress.rows),
            },
        ],
        "unit": "%",
    }
    rows = [
        [r.group.name, r.share, r.cumulative_share, progress.target, progress.cumulative_target] for r in progress.rows
    ]
    headers = [_("Town"), _("Share passing in the year"), _("Cumulative share"), _("Target"), _("Cumulative target")]
    return {
        "key": "campaign",
        "title": spec["title"],
        "json": json.dumps(spec, ensure_ascii=False),
        "headers": headers,
        "rows": rows,
    }


@require_safe
@login_required
def campaign_year(request, pk: int, year: int):
    """A campaign's year: per 'who checks whom', each checking committee's share of units passing."""
    scoping.require_anywhere(request.user, Action.VIEW)
    campaign = _campaign(pk)
    if year not in campaign.years_range():
        raise Http404(_("No such year."))
    readable = scoping.committees_for(request.user)
    progress = selectors.campaign_progress(campaign, year, readable)
    villages = next((p for p in progress if p.check.checked_level == CheckLevel.VILLAGE and p.rows), None)
    context = {
        "campaign": campaign,
        "year": year,
        "years": list(campaign.years_range()),
        "targets": selectors.targets(campaign),
        "progress": progress,
        "chart": _chart(villages) if villages else None,
        "any_rows": any(p.rows for p in progress),
        "plaques": selectors.plaques_of(campaign, year, readable),
        "may_award": scoping.can_anywhere(request.user, Action.AWARD),
    }
    return render(request, "evaluations/campaigns/year.html", context)


class PlaqueForm(Form):
    committee = forms.ModelChoiceField(label=gettext_lazy("committee"), queryset=Committee.objects.none())
    awarded_on = forms.DateField(label=gettext_lazy("awarded on"), widget=DateInput())
    notes = forms.CharField(label=gettext_lazy("notes"), max_length=200, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = units
        self.fields["committee"].label_from_instance = lambda c: f"{c.parent.name if c.parent else ''} {c.name}"


def _award_units(user, campaign: Campaign, year: int):
    """The units this user may award the plaque to: in their AWARD scope and evaluated by them."""
    candidates = scoping.evaluable_committees(user) & scoping.committees_for(user, Action.AWARD)
    return selectors.awardable_units(campaign, year, candidates)


@login_required
def plaque_create(request, pk: int, year: int):
    """Award the campaign's plaque for a year to a unit that passed acceptance under its version."""
    campaign = _campaign(pk)
    if year not in campaign.years_range():
        raise Http404(_("No such year."))
    if not scoping.can_anywhere(request.user, Action.AWARD):
        raise PermissionDenied(_("You are not allowed to do this."))
    form = PlaqueForm(request.POST or None, units=_award_units(request.user, campaign, year))
    form.fields["awarded_on"].initial = timezone.localdate()

    def save(data):
        unit = scoping.check(request.user, Action.AWARD, data["committee"])
        if not scoping.may_evaluate(request.user, unit):
            raise PermissionDenied(_("You are not allowed to do this."))
        return selectors.award_plaque(
            actor=request.user, campaign=campaign, year=year, unit=unit, day=data["awarded_on"], notes=data["notes"]
        )

    back = reverse("campaigns:year", kwargs={"pk": campaign.pk, "year": year})
    if save_form(request, form, save, _("Plaque awarded.")) is not None:
        return redirect(f"{back}#plaques")
    title = _("Award the plaque of %(campaign)s, %(year)s") % {"campaign": campaign.name, "year": year}
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": back})
