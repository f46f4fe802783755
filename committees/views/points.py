"""The five-old points pages: a committee's ranking by a year's points (its subtree's
volunteers, a page at a time) with a form to add a ledger line, the year's totals as an Excel
file, and the entry/exit review (进退机制): the system's suggestions in the reader's scope, by
reason, and the form recording people's decision. Reading goes through committees.scoping
(VIEW); writing needs MANAGE_POINTS on the volunteer's committee."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import kept, scoping, selectors, services
from ..counting import EXACT_AT_MOST, about_count
from ..downloads import XLSX, download_name, file_response
from ..forms import save_form
from ..forms_points import DecisionForm, LedgerEntryForm, ReviewFilterForm
from ..models import Committee, Suggestion, Volunteer
from ..pagination import paginate
from ..points_export import points_workbook
from ..scoping import Action
from ..selectors.ranking import Ranking

FIRST_YEAR = 2001
RANKING_COLUMNS = ("layer", "person_id", "person__name", "committee_id", "committee__name")
# Past the first pages the members with no points are sorted whole to reach a page (1.4 s at page
# 100 of a province's 500,000; 0.2 s up to page 40).
RANKING_PAGES_AT_MOST = 40
OFFERED_AT_MOST = 1000  # volunteers the add form offers in its list (a town has some hundreds)


def _year(request) -> int:
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if not raw:
        return this_year
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= this_year + 1:
        raise Http404(_("No such year."))
    return int(raw)


def _subtree_volunteers(committee):
    return Volunteer.objects.filter(committee__path__startswith=committee.path)


def _children_with_volunteers(committee) -> list:
    """The committee's children in whose subtree an active volunteer is, in code order (two
    queries: the children, then one probe a child: the first committee in path order on the
    child's path prefix with an active volunteer, which the path's prefix index and the
    committee's index find). The probe is compiled once and repeated with each child's prefix: a
    queryset built a child took 13 ms for a district's dozen children, more for a province's.

    A scalar sub-query in the order of the prefix index (PostgreSQL's `varchar_pattern_ops`, whose
    `~<~` is byte order), cut at one row, so the planner walks that index from the prefix on: as an
    EXISTS, whose order and limit the planner drops, it scanned the table (stored in tree order)
    from its start to a late child's first row, thousands of rows in (a province's ten cities:
    9 ms, now 0.3 ms)."""
    children = list(committee.children.order_by("code"))
    if not children:
        return []
    connection = connections[Committee.objects.db]
    pattern = f"{connection.ops.prep_for_like_query(committee.path)}%"
    staffed = Exists(Volunteer.objects.active().filter(committee=OuterRef("pk")))
    probe = Committee.objects.filter(staffed, path__startswith=committee.path).order_by().values("pk")
    sql, params = probe.query.sql_with_params()
    at = params.index(pattern)
    params_of = [(*params[:at], f"{connection.ops.prep_for_like_query(c.path)}%", *params[at + 1 :]) for c in children]
    path = f"{connection.ops.quote_name(Committee._meta.db_table)}.{connection.ops.quote_name('path')}"
    order = f"{path} USING ~<~" if connection.vendor == "postgresql" else path
    one = f"({sql} ORDER BY {order} LIMIT 1) IS NOT NULL"
    found = kept.row("SELECT " + ", ".join([one] * len(children)), [p for ps in params_of for p in ps], probe.db)
    return [c for c, has in zip(children, found, strict=True) if has]


def _add_entry(request, committee, form) -> bool:
    def save(data):
        volunteer = data.pop("volunteer")
        scoping.check(request.user, Action.MANAGE_POINTS, volunteer.committee)
        return services.points_entry_create(actor=request.user, volunteer=volunteer, **data)

    return save_form(request, form, save, _("Points added.")) is not None


@login_required
def points_ranking(request, committee_pk: int):
    """A committee's five-olds (with those below it) ranked by the year's points."""
    action = Action.MANAGE_POINTS if request.method == "POST" else Action.VIEW
    committee = scoping.get_committee(request.user, committee_pk, action)
    year = _year(request)
    volunteers = _subtree_volunteers(committee)
    may_add = scoping.can(request.user, Action.MANAGE_POINTS, committee)
    # Only the columns the page shows, a page at a time (a province ranks 500,000 volunteers).
    ranking = Ranking(volunteers, year, columns=RANKING_COLUMNS)
    # The year's members and the active volunteers counted, each as far as needed, with the
    # ranking's signs: one query.
    counting = [(ranking.members, EXACT_AT_MOST + 1)]
    if may_add and request.method != "POST":
        counting.append((volunteers.active(), OFFERED_AT_MOST + 1))
    counted = ranking.counts_with_signs(*counting)
    # A list of thousands of names is no way to choose one: above OFFERED_AT_MOST active
    # volunteers, the page sends the user to the committees below it to add points.
    too_many = len(counted) > 1 and counted[1] > OFFERED_AT_MOST
    form = LedgerEntryForm(request.POST or None, volunteers=volunteers) if may_add and not too_many else None
    if form is not None and _add_entry(request, committee, form):
        return redirect(f"{reverse('registry:points_ranking', args=[committee.pk])}?year={year}")
    ranking.members_count, estimated = about_count(ranking.members, counted=counted[0])
    page, base = paginate(request, ranking, pages_at_most=RANKING_PAGES_AT_MOST if estimated else None)
    page.count_is_estimate = estimated
    context = {
        "committee": committee,
        "year": year,
        "years": range(timezone.localdate().year, FIRST_YEAR - 1, -1)[:10],
        "page_obj": page,
        "querystring_base": base,
        "form": form,
        "add_below": _children_with_volunteers(committee) if too_many else None,
    }
    return render(request, "committees/points/ranking.html", context)


@require_safe
@login_required
def points_export(request, committee_pk: int):
    """The year's totals and ranks of the committee's subtree, as an Excel file."""
    committee = scoping.get_committee(request.user, committee_pk)
    year = _year(request)
    rows = selectors.year_totals(_subtree_volunteers(committee), year)
    what = _("five-old points")
    title = _("%(committee)s: five-old points of %(year)s") % {"committee": committee.name, "year": year}
    name = download_name(committee, what, extension="xlsx", year=year)
    return file_response(request, points_workbook(rows, title=title), name, XLSX, committee=committee)


@require_safe
@login_required
def review_list(request):
    """The entry/exit review's suggestions in the reader's scope, by reason, a page at a time."""
    form = ReviewFilterForm(request.GET or None)
    only = form.cleaned_data.get("suggestion", "") if form.is_valid() else ""
    volunteers = scoping.scope_queryset(Volunteer.objects.all(), request.user)
    suggestions = selectors.review_suggestions(volunteers, timezone.localdate(), only=only)
    page, base = paginate(request, suggestions)
    writable = scoping.committees_for(request.user, Action.MANAGE_POINTS)
    context = {
        "filter_form": form,
        "page_obj": page,
        "querystring_base": base,
        "settings": selectors.review_settings(),
        "writable": set(writable.values_list("pk", flat=True)),
    }
    return render(request, "committees/points/review.html", context)


@login_required
def volunteer_decide(request, pk: int):
    """Record the decision on one of the review's suggestions for a volunteer, with its reason."""
    qs = Volunteer.objects.select_related("person", "committee")
    volunteer = scoping.get_scoped_object(qs, request.user, pk, Action.MANAGE_POINTS)
    initial = {"suggestion": request.GET.get("suggestion", "")}
    form = DecisionForm(request.POST or None, initial=initial)

    def save(data):
        return services.review_decide(actor=request.user, volunteer=volunteer, day=timezone.localdate(), **data)

    if save_form(request, form, save, _("The decision has been recorded.")):
        return redirect("registry:review_list")
    context = {
        "form": form,
        "title": _("Decide on the review of %(volunteer)s") % {"volunteer": volunteer},
        "cancel_url": reverse("registry:review_list"),
        "decisions": volunteer.review_decisions.select_related("decided_by")[:20],
        "suggestions": Suggestion,
    }
    return render(request, "committees/points/decide.html", context)
