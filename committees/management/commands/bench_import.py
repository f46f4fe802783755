"""Time the volunteer import against raw baselines of the same rows: openpyxl read-only +
bulk_create, and python-calamine + bulk_create (the goal's: calamine is the uploads' reader).

By default the command never opens the configured database: it builds a throwaway one with
Django's test-database machinery (a file under var/ for SQLite, `xishan_bench` on any other
server), migrates it, runs and drops it. `--in-place` uses the configured database instead
(the tests do, inside their own test database) and refuses one that holds any other committee.
"""

from __future__ import annotations

import datetime
import gc
import io
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from committees.bench import ImportBench, Timing
from committees.excel import build_workbook
from committees.excel_specs import (
    CATEGORY_LABELS,
    GENDER_LABELS,
    LAYER_LABELS,
    VOLUNTEER_INSTRUCTIONS,
    VOLUNTEER_SHEET,
    volunteer_spec,
)
from committees.imports import volunteer_import_apply, volunteer_import_plan
from committees.models import Committee, FiveOldCategory, Gender, Kind, Layer, Person, Role, RoleAssignment, Volunteer

CODE = "BENCH"
SERVER_DB_NAME = "xishan_bench"
TOWNS = 2
VILLAGES_PER_TOWN = 10
CATEGORIES = tuple(FiveOldCategory.values)


@dataclass
class Bench:
    villages: list[Committee]
    user: object
    data: bytes
    rows: int


def bench_setup(rows: int) -> Bench:
    """A bench district with villages, a district admin, `rows` people, and a workbook naming them."""
    district = Committee.objects.create(code=CODE, name="基准测试区关工委", kind=Kind.DISTRICT)
    villages = []
    for t in range(1, TOWNS + 1):
        town = Committee.objects.create(code=f"{CODE}{t:02d}", name=f"基准镇{t}关工委", kind=Kind.TOWN, parent=district)
        for v in range(1, VILLAGES_PER_TOWN + 1):
            villages.append(
                Committee.objects.create(
                    code=f"{town.code}V{v:02d}", name=f"基准镇{t}村{v}关工委", kind=Kind.VILLAGE, parent=town
                )
            )
    user = get_user_model().objects.create(username=f"{CODE.lower()}-admin", first_name="基准测试管理员")
    RoleAssignment.objects.create(user=user, committee=district, role=Role.DISTRICT_ADMIN)
    people = Person.objects.bulk_create(
        [
            Person(
                code=f"{CODE}P{i:06d}",
                name=f"测试志愿者{i}",
                gender=Gender.MALE if i % 3 else Gender.FEMALE,
                birth_year=1940 + i % 35,
                phone=f"139{i:08d}",
                is_five_old=True,
                five_old_category=CATEGORIES[i % len(CATEGORIES)],
            )
            for i in range(rows)
        ],
        batch_size=1000,
    )
    sheet_rows = []
    for i, person in enumerate(people):
        village = villages[i % len(villages)]
        sheet_rows.append(
            {
                "committee_code": village.code,
                "committee_name": village.name,
                "person_code": person.code,
                "name": person.name,
                "gender": GENDER_LABELS[person.gender],
                "birth_year": person.birth_year,
                "phone": person.phone,
                "category": CATEGORY_LABELS[person.five_old_category],
                "layer": LAYER_LABELS[Layer.BACKBONE if i % 10 == 0 else Layer.PARTICIPANT],
                "joined_on": datetime.date(2008 + i % 16, 1 + i % 12, 1 + i % 28),
            }
        )
    spec = volunteer_spec(timezone.localdate().year)
    data = build_workbook([(spec, sheet_rows)], instructions=VOLUNTEER_INSTRUCTIONS, title="基准测试")
    return Bench(villages, user, data, rows)


def run_baseline(bench: Bench) -> Timing:
    """openpyxl read-only, codes resolved in two queries, one bulk_create in a transaction."""
    gc.collect()
    start = time.perf_counter()
    book = load_workbook(io.BytesIO(bench.data), read_only=True)
    rows = list(book[VOLUNTEER_SHEET].iter_rows(values_only=True))
    book.close()
    return _save_rows(bench, rows, start)


def run_calamine_baseline(bench: Bench) -> Timing:
    """The same, the sheet read by python-calamine (which gives dates as dates)."""
    gc.collect()
    start = time.perf_counter()
    with CalamineWorkbook.from_filelike(io.BytesIO(bench.data)) as book:
        rows = book.get_sheet_by_name(VOLUNTEER_SHEET).to_python()
    return _save_rows(bench, rows, start)


def _save_rows(bench: Bench, rows: list, start: float) -> Timing:
    headers = rows[0]
    at = {c.key: headers.index(c.header) for c in volunteer_spec(timezone.localdate().year).columns}
    values = [row for row in rows[1:] if row[at["person_code"]]]
    committees = dict(
        Committee.objects.filter(code__in={r[at["committee_code"]] for r in values}).values_list("code", "pk")
    )
    people = dict(Person.objects.filter(code__in={r[at["person_code"]] for r in values}).values_list("code", "pk"))
    layers = {label: value for value, label in LAYER_LABELS.items()}
    volunteers = [
        Volunteer(
            committee_id=committees[r[at["committee_code"]]],
            person_id=people[r[at["person_code"]]],
            layer=layers[r[at["layer"]]],
            joined_on=_date(r[at["joined_on"]]),
        )
        for r in values
    ]
    with transaction.atomic():
        Volunteer.objects.bulk_create(volunteers)
    return Timing(time.perf_counter() - start, len(volunteers))


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value or None


def bench_clear(bench: Bench) -> None:
    """Remove the bench villages' volunteers and their history, so that each run starts empty."""
    ids = Volunteer.objects.filter(committee__in=bench.villages).values("pk")
    Volunteer.backbone_roles.through.objects.filter(volunteer_id__in=ids).delete()
    Volunteer.history.filter(committee_id__in=[c.pk for c in bench.villages]).delete()
    Volunteer.objects.filter(committee__in=bench.villages).delete()


class Command(ImportBench):
    help = (
        "Time the volunteer import (plan + apply) against openpyxl read-only + bulk_create and "
        "calamine + bulk_create, in a throwaway database."
    )
    noun = "volunteer rows"
    import_label = "volunteer_import_plan + volunteer_import_apply"
    code = CODE
    stem = "bench"
    server_name = SERVER_DB_NAME

    import_plan = staticmethod(volunteer_import_plan)
    import_apply = staticmethod(volunteer_import_apply)
    setup = staticmethod(bench_setup)
    baseline = staticmethod(run_baseline)
    calamine_baseline = staticmethod(run_calamine_baseline)
    clear = staticmethod(bench_clear)

    def created(self, bench) -> int:
        return Volunteer.objects.filter(committee__in=bench.villages).count()
