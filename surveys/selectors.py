"""Reads of rounds and submissions. Each function is a bounded number of queries."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from committees import scoping
from committees.counting import aggregated
from committees.models import TOWN_KINDS, Committee, Role, RoleAssignment
from committees.selectors import committees_open_on, former_names
from evaluations.selectors import items_with_groups
from funding.selectors import level_for_kind, standards_for_year

from .models import (
    EDITABLE_STATES,
    RETURN_STEPS,
    CellComment,
    DeadlineReminder,
    Notice,
    State,
    Submission,
    SubmissionRow,
    SubmissionTransition,
    SurveyRound,
    TownExtension,
    extension_until,
    touching_q,
)
from .spec import MAIN, Field, FieldType, FormSpec, find_form, form_specs
from .validation import CommitteeRef, Issue, TownContext, form_with_current_names, validate_form

MONEY = DecimalField(max_digits=14, decimal_places=2)


def round_specs(survey_round: SurveyRound) -> list[FormSpec]:
    """The five forms as the round asks them (form 3's items from the round's standard).
    One query the first time, then cached on the round object."""
    cached = getattr(survey_round, "_form_specs", None)
    if cached is None:
        cached = form_specs(
            survey_round.year,
            *items_with_groups(survey_round.fhfg_standard),
            data_year=survey_round.data_year or None,
        )
        survey_round._form_specs = cached
    return cached


def enabled_specs(survey_round: SurveyRound) -> list[FormSpec]:
    return [f for f in round_specs(survey_round) if f.number in survey_round.enabled_forms]


def round_for_year(year: int, within: Committee | None = None) -> SurveyRound | None:
    """The round of `year` that asks the towns of `within` (a town: its round; a district: its
    own round or the province's above it; a province: the first of its districts' rounds), the
    one of the widest scope first; without `within`, the year's round of the widest scope."""
    rounds = SurveyRound.objects.select_related("fhfg_standard", "scope").filter(year=year)
    if within is not None:
        rounds = rounds.filter(touching_q(within))
    return rounds.order_by("scope__path").first()


def round_for_reader(user, year: int, scope_code: str | None = None) -> SurveyRound | None:
    """The round of `year` a user reads: one whose scope is within the user's or above it (a town
    secretary reads the district's round), the one of `scope_code` when given (several districts
    of a province may each have a round), else the widest; the year's rounds the user reads beside
    it (`year_rounds`). One query."""
    rounds = list(rounds_for_reader(user).filter(year=year).select_related("fhfg_standard"))
    chosen = next((r for r in rounds if r.scope.code == scope_code), None) if scope_code else next(iter(rounds), None)
    if chosen is not None:
        chosen.year_rounds = rounds
    return chosen


def rounds_for_reader(user) -> QuerySet[SurveyRound]:
    """Every round a user reads (round_for_reader), newest first, the widest scope first."""
    rounds = scoping.reaching_queryset(SurveyRound.objects.all(), user, field="scope")
    return rounds.select_related("scope").order_by("-year", "scope__path")


def first_year_without_round(today: datetime.date | None = None) -> int:
    """The year the next round is likely for: the first year, from the earliest round on, that has
    none; this year when there is no round yet. One query."""
    years = set(SurveyRound.objects.values_list("year", flat=True))
    if not years:
        return (today or timezone.localdate()).year
    year = min(years)
    while year in years:
        year += 1
    return year


def towns_on(day: datetime.date, scope: Committee | None = None) -> list[Committee]:
    """The towns and subdistricts open on `day` (below `scope`): the committees a round asks. One query."""
    towns = Committee.objects.filter(kind__in=TOWN_KINDS)
    if scope is not None:
        towns = towns.filter(path__startswith=scope.path)
    return list(towns.exclude(opened_on__gt=day).exclude(closed_on__lte=day).order_by("display_order", "code"))


def _ref(committee: Committee, former: Mapping[int, set[str]] | None = None) -> CommitteeRef:
    names = frozenset((former or {}).get(committee.pk, ()))
    return CommitteeRef(committee.code, committee.name, committee.kind, names)


def funding_bounds(year: int) -> dict[str, tuple[Decimal, Decimal]]:
    """The funding standard of the year by committee kind (as TownContext takes it). One query."""
    by_level = standards_for_year(year)
    bounds = {}
    for kind in ("town", "subdistrict", "village", "community"):
        standard = by_level.get(level_for_kind(kind))
        if standard is not None:
            bounds[kind] = (standard.lower, standard.upper)
    return bounds


def build_context(
    survey_round: SurveyRound,
    town: Committee,
    subtree: Iterable[Committee],
    funding: dict[str, tuple[Decimal, Decimal]],
    former: Mapping[int, set[str]] | None = None,
) -> TownContext:
    """A town's validation context from committees already loaded (no query); `former` gives
    the committees' former names by pk (committees.selectors.former_names), accepted with a warning."""
    committees = sorted(
        (c for c in subtree if c.path.startswith(town.path)), key=lambda c: (c.pk != town.pk, c.display_order, c.code)
    )
    return TownContext(survey_round.data_year, _ref(town, former), tuple(_ref(c, former) for c in committees), funding)


def town_context(survey_round: SurveyRound, town: Committee) -> TownContext:
    """What validating a town's forms needs: its committees on the reference date with their
    former names, the funding standard. Three queries."""
    subtree = committees_open_on([town], survey_round.reference_date)
    return build_context(survey_round, town, subtree, funding_bounds(survey_round.data_year), former_names(subtree))


def submission_sections(submission: Submission) -> dict[str, list[dict]]:
    """The submission's rows by section, in order, as value dicts with "_id" (the row's pk). One query."""
    sections: dict[str, list[dict]] = {}
    for pk, section, values in (
        SubmissionRow.objects.filter(submission=submission)
        .order_by("section", "position")
        .values_list("pk", "section", "values")
    ):
        sections.setdefault(section, []).append({**values, "_id": pk})
    return sections


def submission_form(submission: Submission) -> FormSpec:
    return find_form(round_specs(submission.survey_round), submission.form)


def submission_issues(submission: Submission, *, ctx: TownContext | None = None) -> list[Issue]:
    """Validate what a submission holds now."""
    ctx = ctx or town_context(submission.survey_round, submission.town)
    form = submission_form(submission)
    return validate_form(form, form_with_current_names(form, submission_sections(submission), ctx), ctx)


def previous_year_sections(submission: Submission) -> dict[str, list[dict]]:
    """The rows, by section, of the same town's same form approved in the round a year before
    (what a reviewer compares with: 上年); empty when that form was not approved. One query."""
    sections: dict[str, list[dict]] = {}
    for section, values in (
        SubmissionRow.objects.filter(
            submission__survey_round__year=submission.survey_round.year - 1,
            submission__town_id=submission.town_id,
            submission__form=submission.form,
            submission__state=State.APPROVED,
        )
        .order_by("section", "position")
        .values_list("section", "values")
    ):
        sections.setdefault(section, []).append(values)
    return sections


def submission_is_fresh(submission: Submission) -> bool:
    """A draft nobody has saved or tried to submit since the round opened it: only its creation
    is in its history (every save, and a refused submit, writes a record). One query."""
    if submission.state != State.DRAFT:
        return False
    return not Submission.history.filter(id=submission.pk).exclude(history_type="+").exists()


def submissions_of_round(survey_round: SurveyRound) -> QuerySet[Submission]:
    return Submission.objects.filter(survey_round=survey_round).select_related("town", "survey_round")


# Aggregating the stored values in the database ----------------------------------------------


def json_number(key: str, field: Field) -> Expression:
    """A numeric key of SubmissionRow.values as a number in SQL, on SQLite and PostgreSQL alike
    (money is stored as a string, "334.82", and cast to a decimal)."""
    if field.type == FieldType.DECIMAL:
        output = MONEY
    elif field.type in (FieldType.INT, FieldType.YEAR):
        output = IntegerField()
    else:
        raise ValueError(f"{key} is not a number ({field.type})")
    return Cast(KT(f"values__{key}"), output_field=output)


def sum_field(
    survey_round: SurveyRound,
    form: int,
    key: str,
    *,
    section: str = MAIN,
    states: Iterable[str] = (State.APPROVED,),
) -> Decimal | int:
    """The sum of a numeric field over the round's submissions of a form (approved ones by
    default), computed by the database."""
    field = find_form(round_specs(survey_round), form).section(section).field(key)
    total = SubmissionRow.objects.filter(
        submission__survey_round=survey_round,
        submission__form=form,
        submission__state__in=list(states),
        section=section,
    ).aggregate(total=Sum(json_number(key, field)))["total"]
    if field.type == FieldType.DECIMAL:
        return (total if total is not None else Decimal("0")).quantize(Decimal("0.01"))
    return int(total or 0)


# Review and completeness -------------------------------------------------------------------


def form_titles() -> dict[int, str]:
    """The forms' titles by number ("关工委班子队伍情况表"). No query: titles depend neither on the
    year nor on form 3's items (nor on the language: the spec's words), so the five specs are
    built once a process (some 0.3 ms, twice a completeness page) and any year and a placeholder
    item will do."""
    return dict(_form_titles())


@functools.cache
def _form_titles() -> dict[int, str]:
    return {f.number: f.title for f in form_specs(2000, ["-"])}


def rounds_with_counts(user) -> QuerySet[SurveyRound]:
    """Every round the user reads, newest first, with its number of submissions in each state. One query."""
    counts = {state: Count("submissions", filter=Q(submissions__state=state)) for state in State.values}
    return rounds_for_reader(user).select_related("opened_by").annotate(**counts)


def submission_transitions(submission: Submission) -> list[SubmissionTransition]:
    """A submission's workflow steps, oldest first, with who took them and the cell comments a
    return came with (`cell_comments`). Two queries."""
    comments = Prefetch("cell_comments", CellComment.objects.select_related("author").order_by("pk"))
    return list(
        SubmissionTransition.objects.filter(submission=submission)
        .select_related("by")
        .prefetch_related(comments)
        .order_by("at", "pk")
    )


def open_comments(submission_ids: Iterable[int]) -> dict[int, list[CellComment]]:
    """The cell comments the town has to see, by submission: those of the last return of each
    form that is returned now (once the form is submitted again they are history). One query."""
    last_return = (
        SubmissionTransition.objects.filter(submission=OuterRef("submission"), action__in=RETURN_STEPS)
        .order_by("-at", "-pk")
        .values("pk")[:1]
    )
    found: dict[int, list[CellComment]] = {}
    comments = (
        CellComment.objects.filter(submission_id__in=list(submission_ids), submission__state=State.RETURNED)
        .filter(transition=Subquery(last_return))
        .select_related("author")
        .order_by("pk")
    )
    for comment in comments:
        found.setdefault(comment.submission_id, []).append(comment)
    return found


def extended_q(today: datetime.date) -> Exists:
    """The submission's town has an extension in its round that still runs on `today`."""
    return Exists(
        TownExtension.objects.filter(survey_round=OuterRef("survey_round"), town=OuterRef("town"), until__gte=today)
    )


def overdue_q(today: datetime.date) -> Q:
    """Not submitted though the town's deadline (the round's, or its extension) has passed."""
    return Q(state__in=EDITABLE_STATES, survey_round__deadline__lt=today) & ~extended_q(today)


def late_q(today: datetime.date) -> Q:
    """Submitted after the deadline, or not submitted though the town's deadline (the round's,
    or a later extension) has passed. Submission.is_late is the same test in Python."""
    return Q(on_time=False) | overdue_q(today)


def town_extensions(survey_round: SurveyRound, towns: Iterable[Committee]) -> dict[int, TownExtension]:
    """The towns' extensions in a round, by town id. One query."""
    found = TownExtension.objects.filter(survey_round=survey_round, town__in=[t.pk for t in towns])
    return {e.town_id: e for e in found}


def completeness_filter(
    submissions: QuerySet[Submission],
    *,
    today: datetime.date,
    state: str = "",
    form: int | None = None,
    q: str = "",
    late: bool = False,
) -> QuerySet[Submission]:
    """Narrow a round's submissions as the completeness page's filters ask, in SQL."""
    if state:
        submissions = submissions.filter(state=state)
    if form:
        submissions = submissions.filter(form=form)
    if q:
        submissions = submissions.filter(Q(town__name__icontains=q) | Q(town__code__icontains=q))
    if late:
        submissions = submissions.filter(late_q(today))
    return submissions


def state_counts(submissions: QuerySet[Submission], *, today: datetime.date, towns: bool = False) -> dict[str, int]:
    """How many submissions are in each state; `overdue`: not submitted though the town's deadline
    has passed (overdue_q); `submitted_late`: submitted after the round's deadline; `late`: either
    (the completeness page's filter). The home page and the completeness page both count with
    this, so that their figures agree. `towns`: also how many towns they are of (the completeness
    page's count of towns, in the same query). One query."""
    counts = {state: Count("pk", filter=Q(state=state)) for state in State.values}
    if towns:
        counts["towns"] = Count("town", distinct=True)
    return aggregated(
        submissions,
        **counts,
        overdue=Count("pk", filter=overdue_q(today)),
        submitted_late=Count("pk", filter=Q(on_time=False)),
        late=Count("pk", filter=late_q(today)),
        total=Count("pk"),
    )


def completeness_towns(submissions: QuerySet[Submission], towns: QuerySet[Committee]) -> QuerySet[Committee]:
    """The towns (of `towns`: the reader's committees) that have at least one of these
    submissions, in the registry's order. The reader's scope narrows the towns, not the
    submissions: a province's 6,500 submissions each joined to its town to test its path, then
    the towns read again (4,700 buffers, some 9 ms), became their 1,300 town ids (read from an
    index) matched to the committees in scope (800 buffers); those read by their kind's index
    (a round's submissions are of towns: rounds.round_open), not by a scan of the 31,000."""
    towns = towns.filter(kind__in=TOWN_KINDS, pk__in=submissions.values("town"))
    return towns.order_by("display_order", "code")


def completeness_matrix(
    submissions: QuerySet[Submission],
    towns: Iterable[Committee],
    forms: Iterable[int],
    *,
    today: datetime.date,
    survey_round: SurveyRound | None = None,
) -> list[tuple[Committee, list[Submission | None]]]:
    """The towns × forms matrix: per town, its submission of each form (None where the filters
    left none), each marked `late` as of `today` and with the user who last changed it, and each
    town given its extension in the round (`extended_until`, read with the submissions). Two
    queries, whatever the number of towns.
    `survey_round`, when every submission is of it, is set on each rather than read with each."""
    towns = list(towns)
    forms = list(forms)
    found = {}
    # Not the columns no cell shows: a province's page parsed 250 times a second unused timestamp.
    unshown = ("last_submitted_at", "error_count", "warning_count", "version")
    found_submissions = submissions.filter(town__in=[t.pk for t in towns]).defer(*unshown).with_extension()
    if survey_round is None:
        found_submissions = found_submissions.select_related("survey_round")
    for s in found_submissions:
        if survey_round:
            s.survey_round = survey_round
        s.late = s.is_late(today)
        found[(s.town_id, s.form)] = s
    # Who last changed them: the few users once each (one query), not one user a submission.
    ids = {s.updated_by_id for s in found.values()} - {None}
    users = get_user_model().objects.filter(pk__in=ids).only("username", "first_name", "last_name") if ids else []
    by_id = {u.pk: u for u in users}
    for s in found.values():
        if s.updated_by_id is not None:
            s.updated_by = by_id[s.updated_by_id]
    extended = {town_id: s.extended_until for (town_id, _form), s in found.items()}
    for town in towns:
        town.extended_until = extended.get(town.pk)
    return [(town, [found.get((town.pk, form)) for form in forms]) for town in towns]


def town_secretary_emails(town_ids: Iterable[int]) -> dict[int, list[str]]:
    """The addresses of the active users holding the town-secretary role on each town. One query."""
    emails: dict[int, set[str]] = {}
    rows = (
        RoleAssignment.objects.active()
        .filter(role=Role.TOWN_SECRETARY, committee_id__in=list(town_ids), user__is_active=True)
        .exclude(user__email="")
        .values_list("committee_id", "user__email")
    )
    for town_id, email in rows:
        emails.setdefault(town_id, set()).add(email)
    return {town_id: sorted(found) for town_id, found in emails.items()}


def town_secretary_ids(town_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active users holding the town-secretary role on each town, address or not. One query."""
    users: dict[int, set[int]] = {}
    rows = (
        RoleAssignment.objects.active()
        .filter(role=Role.TOWN_SECRETARY, committee_id__in=list(town_ids), user__is_active=True)
        .values_list("committee_id", "user_id")
    )
    for town_id, user_id in rows:
        users.setdefault(town_id, set()).add(user_id)
    return {town_id: sorted(found) for town_id, found in users.items()}


def unread_notice_count(user) -> int:
    """How many of the user's own notices are unread (the bell). One query."""
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def notices_of(user):
    """The user's own notices, newest first, with their form, town and round."""
    return Notice.objects.filter(user=user).select_related(
        "transition__submission__town", "transition__submission__survey_round", "transition__by"
    )


def reminders_due(today: datetime.date, days: int) -> dict[tuple[int, int], list[Submission]]:
    """The forms not yet submitted, by (round, town), whose town's deadline (the round's, or the
    town's extension) falls within the next `days` days, for the towns not yet reminded of that
    round. One query."""
    reminded = DeadlineReminder.objects.filter(survey_round=OuterRef("survey_round"), town=OuterRef("town"))
    deadline = Greatest(Coalesce(extension_until(), F("survey_round__deadline")), F("survey_round__deadline"))
    pending = (
        Submission.objects.with_extension()
        .alias(town_deadline=deadline)
        .filter(
            state__in=EDITABLE_STATES,
            town_deadline__gte=today,
            town_deadline__lte=today + datetime.timedelta(days=days),
        )
        .exclude(Exists(reminded))
        .select_related("survey_round", "town")
        .order_by("survey_round__year", "town__display_order", "town__code", "form")
    )
    due: dict[tuple[int, int], list[Submission]] = {}
    for submission in pending:
        due.setdefault((submission.survey_round_id, submission.town_id), []).append(submission)
    return due
