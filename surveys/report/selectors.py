"""Reads of the report: the approved rows of a round in a scope, what is missing, the runs a
user may see. Each function is a bounded number of queries, whatever the number of villages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from committees.models import TOWN_KINDS, Committee
from committees.scoping import Action, scope_queryset

from ..models import State, Submission, SubmissionRow, SurveyRound
from ..selectors import enabled_specs, round_for_year, round_specs, rounds_for_reader
from ..spec import MAIN
from .data import FormData, Missing, TownRows
from .models import ProblemRule, ReportFile, ReportRun

MISSING = "missing"  # the state of a form a town was never sent (no submission)
# Rows in the forms' order: town by town as the registry orders them, then as each form lists them.
FORM_ORDER = ("submission__town__display_order", "submission__town__code", "position")


def in_scope(scope: Committee) -> Q:
    """Submissions of the towns in the scope: every town of a district, or the town itself."""
    return Q(town__path__startswith=scope.path)


def approved_submissions(survey_round: SurveyRound, scope: Committee) -> QuerySet[Submission]:
    return Submission.objects.filter(in_scope(scope), survey_round=survey_round, state=State.APPROVED)


def approved_rows(survey_round: SurveyRound, scope: Committee, form: int, section: str = MAIN) -> QuerySet:
    """The rows of one section of a form, from the approved submissions of the scope's towns."""
    return SubmissionRow.objects.filter(
        submission__survey_round=survey_round,
        submission__state=State.APPROVED,
        submission__form=form,
        submission__town__path__startswith=scope.path,
        section=section,
    )


def has_approved(survey_round: SurveyRound | None, scope: Committee) -> bool:
    return survey_round is not None and approved_submissions(survey_round, scope).exists()


def approved_towns_by_form(survey_round: SurveyRound | None, scope: Committee) -> dict[int, frozenset[int]]:
    """Form number → the towns (ids) of the scope whose form of the round is approved. One query."""
    if survey_round is None:
        return {}
    towns: dict[int, set[int]] = {}
    for form, town in approved_submissions(survey_round, scope).values_list("form", "town_id"):
        towns.setdefault(form, set()).add(town)
    return {form: frozenset(ids) for form, ids in towns.items()}


def previous_round(survey_round: SurveyRound) -> SurveyRound | None:
    return round_for_year(survey_round.year - 1, within=survey_round.scope)


def scope_towns(survey_round: SurveyRound, scope: Committee) -> list[Committee]:
    """The towns of the scope open on the round's reference date (what the round asks). One query."""
    day = survey_round.reference_date
    return list(
        Committee.objects.filter(path__startswith=scope.path, kind__in=TOWN_KINDS)
        .exclude(opened_on__gt=day)
        .exclude(closed_on__lte=day)
        .order_by("display_order", "code")
    )


def missing_forms(survey_round: SurveyRound, scope: Committee) -> list[Missing]:
    """Every (town, form) of the scope not approved: its state, or "missing" when the town has
    no submission of that form. Two queries (plus one for the round's forms the first time)."""
    towns = scope_towns(survey_round, scope)
    submissions = Submission.objects.filter(in_scope(scope), survey_round=survey_round)
    states = {(town_id, form): state for town_id, form, state in submissions.values_list("town_id", "form", "state")}
    forms = [f.number for f in enabled_specs(survey_round)]
    return [
        Missing(town=town.code, form=form, state=states.get((town.pk, form), MISSING), town_name=town.name)
        for town in towns
        for form in forms
        if states.get((town.pk, form)) != State.APPROVED
    ]


def form_data(survey_round: SurveyRound, scope: Committee) -> dict[int, FormData]:
    """Every approved row of the scope, by form, section and town (in the registry's order), as
    the builders take them. One query (plus one for the round's forms the first time)."""
    forms = {spec.number: FormData(spec=spec) for spec in round_specs(survey_round)}
    rows = (
        SubmissionRow.objects.filter(
            submission__survey_round=survey_round,
            submission__state=State.APPROVED,
            submission__town__path__startswith=scope.path,
        )
        .order_by(
            "submission__town__display_order", "submission__town__code", "submission__form", "section", "position"
        )
        .values_list(
            "submission__form",
            "section",
            "submission__town__code",
            "submission__town__name",
            "committee__code",
            "committee__name",
            "values",
        )
    )
    current: dict[tuple[int, str], TownRows] = {}
    # In chunks (a server-side cursor on PostgreSQL): a province's 78,000 rows never sit in memory
    # twice, as fetched and as built.
    for form, section, town_code, town_name, code, name, values in rows.iterator(chunk_size=2000):
        data = forms.get(form)
        if data is None:
            continue
        town = current.get((form, section))
        if town is None or town["town"] != town_code:
            town = TownRows(town=town_code, name=town_name, rows=[])
            data.sections.setdefault(section, []).append(town)
            current[(form, section)] = town
        row: dict[str, Any] = dict(values)
        row.setdefault("committee_code", code or town_code)
        # The registry's current name: a committee renamed since its row was stored is named as now.
        row["committee_name"] = name or row.get("committee_name") or town_name
        town["rows"].append(row)
    return forms


def enabled_rules() -> list[ProblemRule]:
    return list(ProblemRule.objects.filter(enabled=True).order_by("display_order", "code"))


# Runs ----------------------------------------------------------------------------------------


def run_ordinal() -> Subquery:
    """A run's number among the runs of its round and scope, the first being 1 (第N次生成): its
    id counts every run of every round and scope. For annotating."""
    earlier = (
        ReportRun.objects.filter(survey_round=OuterRef("survey_round"), scope=OuterRef("scope"), pk__lte=OuterRef("pk"))
        .order_by()
        .values("survey_round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(earlier)


def runs_in_scope(user, action: Action = Action.VIEW) -> QuerySet[ReportRun]:
    """The runs whose scope the user may see (a town secretary: their own town's runs only),
    each with its `ordinal` (run_ordinal)."""
    runs = ReportRun.objects.select_related("survey_round", "scope", "started_by").annotate(ordinal=run_ordinal())
    return scope_queryset(runs, user, action, field="scope")


def rounds_with_runs(user) -> list[SurveyRound]:
    """Every round, newest first, with the number of runs the user may see (`run_count`) and
    when the latest of them was started (`latest_run_at`). Two queries."""
    counts = runs_in_scope(user).order_by().values("survey_round").annotate(n=Count("pk"), latest=Max("created_at"))
    by_round = {row["survey_round"]: row for row in counts}
    rounds = list(rounds_for_reader(user))
    for survey_round in rounds:
        row = by_round.get(survey_round.pk, {})
        survey_round.run_count = row.get("n", 0)
        survey_round.latest_run_at = row.get("latest")
    return rounds


def runs_of_round(user, survey_round: SurveyRound) -> QuerySet[ReportRun]:
    """A round's history of runs, newest first, with their files."""
    return runs_in_scope(user).filter(survey_round=survey_round).prefetch_related("files").order_by("-created_at")


def files_in_scope(user) -> QuerySet[ReportFile]:
    """The produced files the user may download (out of scope: not found)."""
    files = ReportFile.objects.select_related("run", "run__scope", "run__survey_round")
    return scope_queryset(files, user, Action.VIEW, field="run__scope")
