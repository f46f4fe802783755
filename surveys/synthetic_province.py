"""A synthetic province for `load_synthetic` and the benchmarks: a province, its cities (up to
CITY_DISTRICTS districts each), districts of T towns of V villages (surveys.synthetic builds each
district as it builds bench_compile's), F five-olds in each village, two approved survey rounds
(the province's admin opens and approves them), the funding ledger of their data years equal to
the approved forms 2, and each village's 五有五好 creation pass.

Everything is invented from the sizes and the seed (the same arguments give the same province) and
written in bulk with its history (reason load_synthetic), in the configured database, which must
hold no district yet: a round asks every town of the database.
"""

from __future__ import annotations

import datetime
import math
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from committees.demo.synthetic import synthetic_five_olds_load
from committees.models import VILLAGE_KINDS, Committee, Kind
from evaluations.demo.history import fhfg_creations_load
from funding.demo import ledgers_load

from . import services
from .demo import ledger_figures
from .synthetic import (
    HISTORY_REASON,
    MAX_TOWNS,
    MAX_VILLAGES,
    _committee,
    admin_create,
    check_free,
    round_approve,
    tree_create,
)

DEFAULT_CODE = "SP"
CITY_DISTRICTS = 10
MAX_DISTRICTS = 990
MAX_FIVE_OLDS = 200


@dataclass
class SyntheticProvince:
    root: Committee
    districts: int
    towns: int
    villages: int
    committees: int = 0
    five_olds: int = 0
    years: list[int] = field(default_factory=list)
    rows: int = 0  # submission rows written (both rounds)
    ledger_years: list[int] = field(default_factory=list)
    reviews: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # by stage

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def parse_sizes(value: str) -> dict[str, int]:
    """ "D,T,V,F" (districts, towns a district, villages a town, five-olds a village) as the
    keyword arguments of synthetic_province_create; ValueError when it is not four numbers."""
    districts, towns, villages, five_olds = (int(n) for n in value.split(","))
    return {
        "districts": districts,
        "towns_per_district": towns,
        "villages_per_town": villages,
        "five_olds_per_village": five_olds,
    }


def _check_sizes(districts: int, towns: int, villages: int, five_olds: int) -> None:
    if not (
        1 <= districts <= MAX_DISTRICTS
        and 1 <= towns <= MAX_TOWNS
        and 1 <= villages <= MAX_VILLAGES
        and 0 <= five_olds <= MAX_FIVE_OLDS
    ):
        raise ValidationError(
            f"Districts: 1 to {MAX_DISTRICTS}; towns a district and villages a town: 1 to {MAX_TOWNS}; "
            f"five-olds a village: 0 to {MAX_FIVE_OLDS}."
        )


def _tree(code: str, districts: int, towns: int, villages: int) -> tuple[Committee, int]:
    """The province, its cities and their districts (each with its towns and villages)."""
    history = {"default_user": None, "default_change_reason": HISTORY_REASON}
    opened = datetime.date(2000, 1, 1)
    (province,) = bulk_create_with_history(
        [_committee(code, "合成省关工委", Kind.PROVINCE, None, opened, 0)], Committee, **history
    )
    cities = bulk_create_with_history(
        [
            _committee(f"{code}C{c + 1:02d}", f"合成{c + 1}市关工委", Kind.CITY, province, opened, c + 1)
            for c in range(math.ceil(districts / CITY_DISTRICTS))
        ],
        Committee,
        **history,
    )
    made = 1 + len(cities)
    for d in range(districts):
        c, n = divmod(d, CITY_DISTRICTS)
        _district, count = tree_create(
            code=f"{cities[c].code}D{n + 1:02d}",
            towns=towns,
            villages=villages,
            actor=None,
            parent=cities[c],
            place=f"合成{c + 1}市{n + 1}区",
            order=n + 1,
        )
        made += count
    return province, made


def _villages(province: Committee) -> list[Committee]:
    return list(
        Committee.objects.filter(path__startswith=province.path, kind__in=VILLAGE_KINDS)
        .select_related("parent")
        .order_by("path")
    )


@transaction.atomic
def synthetic_province_create(
    *,
    districts: int,
    towns_per_district: int,
    villages_per_town: int,
    five_olds_per_village: int,
    seed: int = 0,
    year: int = 2023,
    code: str = DEFAULT_CODE,
) -> SyntheticProvince:
    """Create the province with its admin, registry, the approved rounds of year − 1 and `year`,
    their data years' ledgers and the villages' 五有五好 creation passes."""
    _check_sizes(districts, towns_per_district, villages_per_town, five_olds_per_village)
    check_free(code)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        made.seconds[stage] = now - clock
        clock = now

    province, committees = _tree(code, districts, towns_per_district, villages_per_town)
    made = SyntheticProvince(
        root=province,
        districts=districts,
        towns=districts * towns_per_district,
        villages=districts * towns_per_district * villages_per_town,
        committees=committees,
    )
    admin = admin_create(code, province)
    lap("tree")
    villages = _villages(province)
    made.five_olds = synthetic_five_olds_load(
        villages=villages,
        per_village=five_olds_per_village,
        seed=seed,
        code_prefix=f"{code}P",
        actor=admin,
        reason=HISTORY_REASON,
    )
    lap("five-olds")
    for round_year in (year - 1, year):
        survey_round = services.round_open(
            actor=admin,
            scope=province,
            year=round_year,
            deadline=datetime.date(round_year, 10, 10),
            opened_on=datetime.date(round_year, 4, 20),
        )
        made.rows += round_approve(survey_round, admin, seed)
        made.years.append(round_year)
    lap("rounds")
    made.ledger_years = ledgers_load(actor=admin, figures=ledger_figures(made.years), reason=HISTORY_REASON)
    lap("funding")
    made.reviews = fhfg_creations_load(actor=admin, villages=villages, seed=seed, reason=HISTORY_REASON)
    lap("evaluations")
    return made
