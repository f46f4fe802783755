"""Volunteer teams, matched by committee code + team name.

The member count is exported for information and not read back: members are volunteer
memberships (a person in a committee), chosen on the team page where the list is checked
against the committee's volunteers; a cell of codes would be easy to get wrong silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..excel_specs import TEAM_INSTRUCTIONS, TEAM_TYPE_LABELS, team_spec
from ..models import Committee, VolunteerTeam
from .common import (
    INSERT_BATCH,
    CommitteeResolver,
    ImportPlan,
    PlannedRow,
    Table,
    Ticker,
    diff,
    label_of,
    labels_to_values,
    model_errors,
    reference_year,
    set_values,
)

TEAM_FIELDS = ("team_type", "founded_year", "service_content")  # named as their columns
TEAM_TYPES = labels_to_values(TEAM_TYPE_LABELS)
SHOW = {"team_type": label_of(TEAM_TYPE_LABELS)}


@dataclass(kw_only=True)
class TeamRow(PlannedRow):
    team: VolunteerTeam | None  # None: a new team
    name: str
    values: dict


class TeamTable(Table):
    slug = "teams"
    title = gettext_lazy("Volunteer teams")
    instructions = TEAM_INSTRUCTIONS

    def spec(self):
        return team_spec(reference_year())

    def export_rows(self, committee: Committee, user) -> list[dict]:
        teams = (
            VolunteerTeam.objects.filter(committee__in=Committee.objects.subtree_of(committee))
            .select_related("committee")
            .annotate(n_members=Count("members", filter=Q(members__exited_on__isnull=True), distinct=True))
            .order_by("committee__path", "name")
        )
        return self.rows_of(teams, user)

    def rows_of(self, teams, user) -> list[dict]:
        """The rows of these teams in their order; each carries `n_members` (filters.TeamFilter's too)."""
        return [
            {
                "committee_code": t.committee.code,
                "committee_name": t.committee.name,
                "name": t.name,
                "team_type": TEAM_TYPE_LABELS.get(t.team_type),
                "founded_year": t.founded_year,
                "service_content": t.service_content,
                "member_count": t.n_members,
            }
            for t in teams
        ]

    def plan_rows(self, plan: ImportPlan, rows: list[dict], *, user, progress: Ticker) -> None:
        committees = CommitteeResolver(user, (r["committee_code"] for r in rows))
        existing = {
            (t.committee_id, t.name): t
            for t in VolunteerTeam.objects.filter(committee__in=committees.writable, name__in={r["name"] for r in rows})
        }
        headers = {f: plan.spec.column(f).header for f in TEAM_FIELDS}
        for row in progress.rows(rows):
            committee = committees.resolve(plan, row)
            if committee is None:
                continue
            values = {
                "team_type": TEAM_TYPES[row["team_type"]],
                "founded_year": row.get("founded_year"),
                "service_content": row.get("service_content") or "",
            }
            try:
                VolunteerTeam(name=row["name"], **values).clean_fields(exclude=["committee"])
            except ValidationError as exc:
                model_errors(plan, row, exc, {}, "name")
                continue
            team = existing.get((committee.pk, row["name"]))
            planned = TeamRow(
                row=row["_row"], committee=committee, label=row["name"], team=team, name=row["name"], values=values
            )
            if team is not None:
                planned.changes = diff(team, values, headers, SHOW)
            plan.add(planned, is_new=team is None)

    def apply(self, plan: ImportPlan, *, history: dict, progress) -> None:
        changed = [r.team for r in plan.changed if set_values(r.team, r.values)]
        if changed:
            bulk_update_with_history(changed, VolunteerTeam, list(TEAM_FIELDS), batch_size=500, **history)
        progress(50, _("Saving"))
        bulk_create_with_history(
            [VolunteerTeam(committee=r.committee, name=r.name, **r.values) for r in plan.new],
            VolunteerTeam,
            batch_size=INSERT_BATCH,
            **history,
        )
