"""Confirming an assessment reward (以奖代补): surveys, which may call funding and evaluations,
writes the town's funding entry and the reward in one transaction (surveys.services.assessment)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import evaluations.selectors as evaluation_selectors
from committees import scoping

from .. import services


@require_POST
@login_required
def reward_confirm(request, year: int, town_pk: int):
    town = scoping.get_committee(request.user, town_pk)
    scheme = evaluation_selectors.district_scheme(year)
    if scheme is None or not evaluation_selectors.assessed(scheme).filter(pk=town.pk).exists():
        raise Http404(_("No assessment scheme for this year."))
    try:
        reward = services.reward_confirm(actor=request.user, scheme=scheme, town=town)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The reward of %(amount)s (10,000 yuan) for %(name)s is recorded in its funds in place.")
            % {"amount": reward.amount, "name": town.name},
        )
    return redirect("assessment:scores", year=year)
