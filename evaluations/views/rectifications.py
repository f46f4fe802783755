"""The rectifications (整改): a list (open, overdue or all, by town), a rectification's page, and
the responsible committee's report that it is done. Only a follow-up review verifies one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST, require_safe

from committees import scoping
from committees.forms import save_form
from committees.models import TOWN_KINDS
from committees.pagination import paginate
from committees.scoping import Action

from .. import selectors, services
from ..forms import DoneForm
from ..models import Rectification, RectificationState

STATES = ("open", "overdue", "all")


@require_safe
@login_required
def rectification_list(request):
    """The rectifications the reader may see: open (default), overdue or all, of one town or all."""
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    towns = list(scoping.committees_for(request.user).filter(kind__in=TOWN_KINDS).order_by("display_order", "code"))
    town = next((t for t in towns if str(t.pk) == request.GET.get("town", "")), None)
    rows = selectors.rectification_rows(
        scoping.scope_queryset(Rectification.objects.all(), request.user),
        state=state,
        on=today,
        town_path=town.path if town else "",
    )
    page, base = paginate(request, rows)
    for r in page.object_list:
        r.age = selectors.age_in_days(r, today)
        r.overdue = selectors.is_overdue(r, today)
    context = {
        "page_obj": page,
        "querystring_base": base,
        "state": state,
        "states": [("open", pgettext("rectifications", "Open")), ("overdue", _("Overdue")), ("all", _("All"))],
        "towns": towns,
        "town": town,
        "today": today,
    }
    return render(request, "evaluations/rectification_list.html", context)


def _detail(request, rectification: Rectification, form: DoneForm | None = None):
    today = timezone.localdate()
    may_report = rectification.state == RectificationState.OPEN and scoping.can(
        request.user, Action.EVALUATE, rectification.committee
    )
    context = {
        "r": rectification,
        "items": list(rectification.items.order_by("order")),
        "age": selectors.age_in_days(rectification, today),
        "overdue": selectors.is_overdue(rectification, today),
        "form": (form or DoneForm()) if may_report else None,
        "may_follow_up": scoping.may_evaluate(request.user, rectification.committee),
        "today": today,
    }
    return render(request, "evaluations/rectification.html", context)


def _load(request, pk: int, action: Action = Action.VIEW) -> Rectification:
    qs = Rectification.objects.select_related(
        "committee", "committee__parent", "opened_by", "responsible_person", "responsible_committee", "verified_by"
    )
    return scoping.get_scoped_object(qs, request.user, pk, action)


@require_safe
@login_required
def rectification_detail(request, pk: int):
    """A rectification: its items, the review that opened it, its state and what may be done next."""
    return _detail(request, _load(request, pk))


@require_POST
@login_required
def rectification_done(request, pk: int):
    """The responsible committee reports its rectification done; it stays open until a follow-up
    review verifies it."""
    rectification = _load(request, pk, Action.EVALUATE)
    form = DoneForm(request.POST)

    def save(data):
        services.rectification_done(
            actor=request.user, rectification=rectification, day=data["day"], measures=data["measures"]
        )
        return rectification

    if save_form(request, form, save, _("Reported done; a follow-up review verifies it.")):
        return redirect("evaluations:rectification", pk=rectification.pk)
    return _detail(request, rectification, form)
