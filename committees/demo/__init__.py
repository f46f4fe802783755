"""The Xishan demo district: its committee tree (`tree`), one user per role (`users`), its
people (`people`) and registry (`registry`), and the loader that creates whatever is missing.

The counts follow the 2024 research report; every load builds the same district.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ..models import PATH_SEPARATOR, Committee
from .meetings import meetings_load
from .people import GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from .registry import SEED_DAY, registry_load
from .tree import (
    DISTRICT_CODE,
    DISTRICT_NAME,
    HISTORY_REASON,
    LINES,
    TOWNS,
    CommitteeSpec,
    TownSpec,
    demo_committees,
)
from .users import DEMO_USERS, DemoUser, users_load

__all__ = [
    "DEMO_USERS",
    "DISTRICT_CODE",
    "DISTRICT_NAME",
    "GIVEN_FEMALE",
    "GIVEN_MALE",
    "HISTORY_REASON",
    "LINES",
    "SEED_DAY",
    "SURNAMES",
    "TOWNS",
    "CommitteeSpec",
    "DemoLoadResult",
    "DemoUser",
    "TownSpec",
    "committees_load",
    "demo_committees",
    "demo_load",
    "meetings_load",
    "registry_load",
    "users_load",
]


@dataclass
class DemoLoadResult:
    committees_created: Counter[str] = field(default_factory=Counter)
    users_created: list[str] = field(default_factory=list)
    roles_created: int = 0
    people_created: int = 0
    meetings_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.committees_created
            or self.users_created
            or self.roles_created
            or self.people_created
            or self.meetings_created
        )


@transaction.atomic
def demo_load(*, actor=None) -> DemoLoadResult:
    """Create whatever part of the demo district is missing; existing rows are left alone."""
    result = DemoLoadResult()
    by_code = committees_load(result.committees_created, actor=actor)
    result.users_created, result.roles_created = users_load(by_code=by_code, actor=actor)
    result.people_created = registry_load(by_code=by_code, actor=actor)
    result.meetings_created = meetings_load(by_code=by_code, actor=actor)
    return result


def committees_load(created_kinds: Counter[str], *, actor=None) -> dict[str, Committee]:
    """Create the missing committees of the demo tree, counting them by kind in `created_kinds`;
    return every demo committee by code."""
    by_code: dict[str, Committee] = {}
    for level in demo_committees():
        existing = Committee.objects.in_bulk([s.code for s in level], field_name="code")
        by_code.update(existing)
        new = []
        for spec in level:
            if spec.code in existing:
                continue
            committee = Committee(
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                parent=by_code[spec.parent_code] if spec.parent_code else None,
                opened_on=spec.opened_on,
                display_order=spec.display_order,
                notes=spec.notes,
            )
            # bulk_create skips save(): set path and depth exactly as save() does.
            committee.path = committee.build_path()
            committee.depth = committee.path.count(PATH_SEPARATOR) - 2
            committee.full_clean(validate_unique=False, validate_constraints=False)
            new.append(committee)
        created = bulk_create_with_history(
            new, Committee, batch_size=500, default_user=actor, default_change_reason=HISTORY_REASON
        )
        by_code.update({c.code: c for c in created})
        created_kinds.update(c.kind for c in created)
    return by_code
