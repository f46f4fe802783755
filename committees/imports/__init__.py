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
    import_apply,
    import_plan,
    no_progress,
    table_export,
    table_template,
)
from .posts import PeopleTable
from .stations import StationTable
from .teams import TeamTable
from .volunteers import VolunteerTable

TABLES: dict[str, Table] = {t.slug: t for t in (VolunteerTable(), PeopleTable(), TeamTable(), StationTable())}


def volunteer_import_plan(*, user, data: bytes, progress: Progress = no_progress) -> ImportPlan:
    """Read a volunteers workbook and sort its rows into new / changed / unchanged, with every error."""
    return import_plan(TABLES["volunteers"], user=user, data=data, progress=progress)


def volunteer_import_apply(*, user, plan: ImportPlan, progress: Progress = no_progress) -> ImportPlan:
    """Write a volunteers plan without errors, all or nothing; history rows name `user`."""
    return import_apply(TABLES["volunteers"], user=user, plan=plan, progress=progress)


def volunteers_export(committee: Committee, *, user=None) -> bytes:
    """The volunteers of a committee's subtree; phones masked where `user` may not edit."""
    return table_export(TABLES["volunteers"], committee, user=user)


__all__ = [
    "TABLES",
    "ImportPlan",
    "PlannedRow",
    "Table",
    "import_apply",
    "volunteer_import_apply",
    "table_export",
    "volunteers_export",
    "import_plan",
    "volunteer_import_plan",
    "table_template",
]
