"""The rows a new round's submissions start with: the registry's figures (kept in `prefill`,
so cells changed since can be marked) and, for what the registry doesn't hold, last round's
approved values. Form 2's money is the funding ledger's for the data year where the committee
has ledger rows for it (funding.selectors.form2_figures; docs/FORMS.md, 表2), its 五老补贴人数/金额
the year's confirmed subsidy payments where any (funding.selectors.subsidy_totals); form 5's study aid
is the donations and programme sessions of the data year where the town has any
(funding.selectors.study_aid); its meeting and visit counts are the meetings of each kind the town
convened in the data year, where its log holds any (committees.selectors.meeting_counts). Form 3's
village rows are the villages' reviews' where a village has any (evaluations.selectors.form3_figures,
surveys.fhfg). A fixed number of queries whatever the number of towns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from committees.models import VILLAGE_KINDS, Committee, Kind, MeetingKind
from committees.selectors import (
    committees_open_on,
    five_old_figures,
    leadership_figures,
    meeting_counts,
    station_figures,
    teams_of,
)
from evaluations.selectors import form3_figures
from funding.selectors import form2_figures, study_aid, subsidy_totals

from . import selectors
from .fhfg import check_year, form3_values, item_keys
from .models import State, SubmissionRow, SurveyRound, touching_q
from .spec import AGE_BAND_KEYS, MAIN, SUB, FormSpec, RowKind, SectionSpec, find_form
from .validation import Issue, TownContext, normalize_row, validate_form

# Keys never carried from last round: a year's own remarks.
NOT_CARRIED = {"notes"}
CATEGORY_KEYS = {
    "cadre": "cadres",
    "veteran": "veterans",
    "expert": "experts",
    "teacher": "teachers",
    "model_worker": "model_workers",
}
FIVE_OLD_KEYS = ("backbone", "participants", *AGE_BAND_KEYS, "joined", "exited")
# Form 5's counts from the meetings and visits log: the meetings of the kind the town convened.
MEETING_KEYS = {
    "exec_deputy_meetings": MeetingKind.EXEC_DEPUTIES,
    "joint_meetings": MeetingKind.JOINT,
    "field_visits": MeetingKind.VISIT,
}


@dataclass
class RowDraft:
    committee_id: int | None
    section: str
    values: dict
    prefill: dict = field(default_factory=dict)


@dataclass
class _Previous:
    """Last round's approved rows: fixed rows by (form, section, committee), lists by (form, section, town)."""

    fixed: dict[tuple[int, str, int], dict] = field(default_factory=dict)
    lists: dict[tuple[int, str, int], list[dict]] = field(default_factory=lambda: defaultdict(list))
    same_standard: bool = False


def _previous(survey_round: SurveyRound) -> _Previous:
    found = _Previous()
    # Last year's rounds that asked some of this round's towns: its own scope's, or one above or
    # below it (a province's round after its districts' rounds, or the other way round).
    scope = survey_round.scope
    last = list(SurveyRound.objects.filter(touching_q(scope), year=survey_round.year - 1))
    if not last:
        return found
    found.same_standard = all(r.fhfg_standard_id == survey_round.fhfg_standard_id for r in last)
    rows = (
        SubmissionRow.objects.filter(
            submission__survey_round__in=last,
            submission__state=State.APPROVED,
            submission__town__path__startswith=scope.path,
        )
        .order_by("submission__form", "section", "position")
        .values_list("submission__form", "submission__town_id", "section", "committee_id", "values")
    )
    for form, town_id, section, committee_id, values in rows:
        if section == SUB and form in (4, 5):
            found.lists[(form, section, town_id)].append(values)
        elif committee_id is not None:
            found.fixed[(form, section, committee_id)] = values
    return found


class RoundDrafts:
    """The starting rows of every town's forms, and their validation, before anything is saved."""

    def __init__(self, survey_round: SurveyRound, towns: list[Committee]):
        self.round = survey_round
        self.forms = selectors.round_specs(survey_round)
        reference = survey_round.reference_date
        self.subtree = committees_open_on(towns, reference)
        self.funding = selectors.funding_bounds(survey_round.data_year)
        ids = [c.pk for c in self.subtree]
        self.ledger = form2_figures(ids, survey_round.data_year)
        self.subsidies = subsidy_totals(Committee.objects.filter(pk__in=ids), survey_round.data_year)
        # Form 5's study aid from the programmes and donations of the data year, where any.
        aid = study_aid(Committee.objects.filter(pk__in=[t.pk for t in towns]), survey_round.data_year)
        self.study_aid = {a.committee.pk: a for a in aid if a.amount or a.students}
        # Form 5's meeting and visit counts from the log of the data year, where the town logged any.
        self.meetings = meeting_counts([t.pk for t in towns], survey_round.data_year)
        villages = [c.pk for c in self.subtree if c.kind in VILLAGE_KINDS]
        self.fhfg = form3_figures(villages, reference, check_year(survey_round))
        self.leadership = leadership_figures(ids)
        self.five_olds = five_old_figures(ids, reference)
        self.stations = station_figures(ids)
        self.teams: dict[int, list] = defaultdict(list)
        self.town_of: dict[int, Committee] = {}
        by_path = {t.path: t for t in towns}
        for committee in self.subtree:
            self.town_of[committee.pk] = next(
                (by_path[p] for p in _prefixes(committee.path) if p in by_path), committee
            )
        for team in teams_of(ids):
            self.teams[self.town_of[team.committee_id].pk].append(team)
        self.members: dict[int, list[Committee]] = defaultdict(list)
        for committee in self.subtree:
            self.members[self.town_of[committee.pk].pk].append(committee)
        self.previous = _previous(survey_round)
        self._contexts: dict[int, TownContext] = {}
        self._rows: dict[tuple[int, int, str], list[RowDraft]] = {}

    def context(self, town: Committee) -> TownContext:
        if town.pk not in self._contexts:
            self._contexts[town.pk] = selectors.build_context(self.round, town, self.members[town.pk], self.funding)
        return self._contexts[town.pk]

    def rows(self, town: Committee, form: int, section: str) -> list[RowDraft]:
        key = (town.pk, form, section)
        if key not in self._rows:
            spec = find_form(self.forms, form).section(section)
            self._rows[key] = self._build(town, spec)
        return self._rows[key]

    def validate(self, town: Committee, form: FormSpec) -> list[Issue]:
        sections = {s.section: [d.values for d in self.rows(town, form.number, s.section)] for s in form.sections}
        return validate_form(form, sections, self.context(town))

    # Building ------------------------------------------------------------------------------

    def _committees(self, town: Committee, row_kind: RowKind) -> list[Committee]:
        committees = {c.code: c for c in self.members[town.pk]}
        return [committees[ref.code] for ref in self.context(town).expected(row_kind)]

    def _build(self, town: Committee, spec: SectionSpec) -> list[RowDraft]:
        if spec.free_rows:
            if spec.form == 4:
                return [self._team_row(spec, team) for team in self.teams[town.pk]]
            return self._carried_list(town, spec)
        return [self._fixed_row(town, spec, c) for c in self._committees(town, spec.row_kind)]

    def _fixed_row(self, town: Committee, spec: SectionSpec, committee: Committee) -> RowDraft:
        registry = {"committee_code": committee.code, "committee_name": committee.name}
        registry.update(self._registry(town, spec, committee))
        registry = {k: v for k, v in registry.items() if v is not None and spec.has_field(k)}
        last = self.previous.fixed.get((spec.form, spec.section, committee.pk), {})
        carried = {k: last[k] for k in self._carried_keys(spec) if k in last and k not in registry}
        return RowDraft(
            committee.pk,
            spec.section,
            normalize_row(spec, {**carried, **registry}),
            normalize_row(spec, registry),
        )

    def _carried_keys(self, spec: SectionSpec) -> list[str]:
        keys = [k for k in spec.editable_keys if k not in NOT_CARRIED]
        if not self.previous.same_standard:
            keys = [k for k in keys if not k.startswith("fhfg_item_")]
        return keys

    def _registry(self, town: Committee, spec: SectionSpec, committee: Committee) -> Mapping:
        """The registry's figures for a fixed row (besides its code and name)."""
        if spec.form == 1:
            return {"level": committee.kind, **self.leadership.get(committee.pk, {})}
        if spec.form == 2:
            lower, upper = self.funding.get(committee.kind, (None, None))
            ledger = self.ledger.get(committee.pk)
            from_ledger = ledger.values if ledger else {}  # none: last round's values, as before
            paid = self.subsidies.get(committee.pk)  # confirmed payments of the year, where any
            if paid:
                from_ledger = {**from_ledger, "subsidy_people": paid.people, "subsidy_amount": paid.amount}
            return {"year": self.round.data_year, "standard_lower": lower, "standard_upper": upper, **from_ledger}
        members = self.members[town.pk]
        if spec.form == 3 and spec.section == MAIN:
            reviewed = self.fhfg.get(committee.pk)  # none: last round's values, as before
            return form3_values(reviewed, item_keys(spec)) if reviewed else {}
        if spec.form == 3 and spec.section == SUB:
            return {
                "schools": sum(1 for c in members if c.kind == Kind.SCHOOL),
                "enterprises": sum(1 for c in members if c.kind == Kind.ENTERPRISE),
            }
        if spec.form == 4 and spec.section == MAIN:
            figures = {key: 0 for key in (*FIVE_OLD_KEYS, *CATEGORY_KEYS.values())}
            for c in members:
                counted = self.five_olds.get(c.pk, {})
                for key in FIVE_OLD_KEYS:
                    figures[key] += counted.get(key, 0)
                for category, key in CATEGORY_KEYS.items():
                    figures[key] += counted.get(category, 0)
            figures["volunteer_teams"] = len(self.teams[town.pk])
            return figures
        if spec.form == 5 and spec.section == MAIN:
            villages = [self.stations.get(c.pk, {}) for c in members if c.kind in VILLAGE_KINDS]
            aid = self.study_aid.get(town.pk)
            held = self.meetings.get(town.pk)
            return {
                "tutoring_stations": sum(v.get("central", 0) for v in villages),
                "hub_villages": sum(1 for v in villages if v.get("central") and v.get("points")),
                "station_activities": sum(v.get("activities", 0) for v in villages),
                **({"study_aid": aid.amount, "study_aid_students": aid.students} if aid else {}),
                **({key: held[kind] for key, kind in MEETING_KEYS.items()} if held else {}),
            }
        return {}

    def _team_row(self, spec: SectionSpec, team) -> RowDraft:
        registry = {
            "committee_code": team.committee.code,
            "name": team.name,
            "team_type": team.team_type,
            "members": team.n_members,
            "founded_year": team.founded_year,
            "service": team.service_content or None,
        }
        registry = normalize_row(spec, {k: v for k, v in registry.items() if v is not None})
        return RowDraft(team.committee_id, spec.section, dict(registry), registry)

    def _carried_list(self, town: Committee, spec: SectionSpec) -> list[RowDraft]:
        codes = {c.code: c.pk for c in self.members[town.pk]}
        return [
            RowDraft(codes.get(values.get("committee_code")), spec.section, normalize_row(spec, values))
            for values in self.previous.lists.get((spec.form, spec.section, town.pk), [])
        ]


def _prefixes(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def round_prefill(survey_round: SurveyRound, towns: list[Committee]) -> RoundDrafts:
    return RoundDrafts(survey_round, towns)
