"""Excel in and out for the registry: people and posts, volunteers, teams and stations.

Each table (one module each: posts.py for people with their leadership posts, volunteers.py,
teams.py, stations.py) exports a committee's subtree, gives a blank template and imports an
upload in two steps, plan (the preview) then apply (the confirm); common.py holds what they
share, person_matching.py finds the person a row of the posts or volunteers file names,
background.py runs big files as jobs, uploads.py keeps the file in between.
"""

from __future__ import annotations

from ..models import Committee
from .common import (
    ImportPlan,
    PlannedRow,
    Progress,
    Table,
    apply_import,
    export_table,
    no_progress,
    plan_import,
    template_table,
)
from .posts import PeopleTable
from .stations import StationTable
from .teams import TeamTable
from .volunteers import VolunteerTable

TABLES: dict[str, Table] = {t.slug: t for t in (VolunteerTable(), PeopleTable(), TeamTable(), StationTable())}


def plan_volunteer_import(*, user, data: bytes, progress: Progress = no_progress) -> ImportPlan:
    """Read a volunteers workbook and sort its rows into new / changed / unchanged, with every error."""
    return plan_import(TABLES["volunteers"], user=user, data=data, progress=progress)


def apply_volunteer_import(*, user, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    """Write a volunteers plan without errors, all or nothing; history rows name `user`."""
    return apply_import(TABLES["volunteers"], user=user, plan=plan, progress=progress)


def export_volunteers(committee: Committee, *, user=None) -> bytes:
    """The volunteers of a committee's subtree; phones masked where `user` may not edit."""
    return export_table(TABLES["volunteers"], committee, user=user)


__all__ = [
    "TABLES",
    "ImportPlan",
    "PlannedRow",
    "Table",
    "apply_import",
    "apply_volunteer_import",
    "export_table",
    "export_volunteers",
    "plan_import",
    "plan_volunteer_import",
    "template_table",
]
