"""Time the volunteer import against a raw openpyxl + bulk_create baseline of the same rows.

By default the command never opens the configured database: it builds a throwaway one with
Django's test-database machinery (a file under var/ for SQLite, `xishan_bench` on any other
server), migrates it, runs and drops it. `--in-place` uses the configured database instead
(the tests do, inside their own test database) and refuses one that holds any other committee.
"""

from __future__ import annotations

import cProfile
import datetime
import gc
import io
import pstats
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from committees.bench import server_version, throwaway_database
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

GOAL = 1 / 3
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


@dataclass
class Timing:
    seconds: float
    rows: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


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
    rows = book[VOLUNTEER_SHEET].iter_rows(values_only=True)
    headers = next(rows)
    at = {c.key: headers.index(c.header) for c in volunteer_spec(timezone.localdate().year).columns}
    values = [row for row in rows if row[at["person_code"]]]
    book.close()
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
            joined_on=r[at["joined_on"]].date() if r[at["joined_on"]] else None,
        )
        for r in values
    ]
    with transaction.atomic():
        Volunteer.objects.bulk_create(volunteers)
    return Timing(time.perf_counter() - start, len(volunteers))


def run_import(bench: Bench, profiler: cProfile.Profile | None = None) -> tuple[Timing, float]:
    """The upload page's path: plan, then apply. Returns the whole timing and the planning seconds."""
    gc.collect()
    if profiler:
        profiler.enable()
    start = time.perf_counter()
    plan = volunteer_import_plan(user=bench.user, data=bench.data)
    planned = time.perf_counter()
    if plan.errors:
        raise CommandError("The bench workbook has errors: " + "; ".join(str(e) for e in plan.errors[:5]))
    volunteer_import_apply(user=bench.user, plan=plan)
    done = time.perf_counter()
    if profiler:
        profiler.disable()
    return Timing(done - start, len(plan.new)), planned - start


def bench_clear(bench: Bench) -> None:
    """Remove the bench villages' volunteers and their history, so that each run starts empty."""
    ids = Volunteer.objects.filter(committee__in=bench.villages).values("pk")
    Volunteer.backbone_roles.through.objects.filter(volunteer_id__in=ids).delete()
    Volunteer.history.filter(committee_id__in=[c.pk for c in bench.villages]).delete()
    Volunteer.objects.filter(committee__in=bench.villages).delete()


class Command(BaseCommand):
    help = "Time the volunteer import (plan + apply) against openpyxl read-only + bulk_create, in a throwaway database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=10_000, help="Volunteer rows in the workbook (default 10000).")
        parser.add_argument(
            "--repeat", type=int, default=3, help="Rounds of both paths; the best time of each counts (default 3)."
        )
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database instead of a throwaway one (refused if it holds other committees).",
        )
        parser.add_argument(
            "--keep", action="store_true", help="With --in-place: keep what the last import created (for tests)."
        )
        parser.add_argument(
            "--profile",
            type=int,
            metavar="N",
            default=0,
            help="Then profile one more import; print its N costliest calls.",
        )
        parser.add_argument(
            "--min-ratio", type=float, default=0.0, help="Fail when the import runs under this share of the baseline."
        )

    def handle(self, *args, **options) -> None:
        if options["rows"] < 1 or options["repeat"] < 1:
            raise CommandError("--rows and --repeat must be at least 1.")
        if options["keep"] and not options["in_place"]:
            raise CommandError("--keep needs --in-place (a throwaway database is dropped anyway).")
        # DEBUG would record every query's SQL, which production does not pay for.
        with override_settings(DEBUG=False):
            if options["in_place"]:
                if Committee.objects.exclude(code__startswith=CODE).exists():
                    raise CommandError("This database holds committees; run without --in-place (make bench).")
                self._bench(**options)
                return
            with throwaway_database(stem="bench", server_name=SERVER_DB_NAME, write=self.stdout.write):
                self._bench(**{**options, "keep": False})

    def _bench(self, *, rows: int, repeat: int, keep: bool, profile: int, min_ratio: float, **options) -> None:
        bench = bench_setup(rows)
        self.stdout.write(
            f"Import benchmark: {rows} volunteer rows, best of {repeat}, database {connection.vendor} "
            f"{server_version()} ({connection.settings_dict['NAME']}), workbook {len(bench.data) // 1024} KB"
        )
        baselines, imports = [], []
        for _ in range(repeat):
            baselines.append(run_baseline(bench))
            bench_clear(bench)
            imports.append(self._import(bench))
            bench_clear(bench)
        baseline = min(baselines, key=lambda t: t.seconds)
        real, planning = min(imports, key=lambda t: t[0].seconds)
        ratio = real.rate / baseline.rate
        self.stdout.write(
            f"  import (volunteer_import_plan + volunteer_import_apply): {real.seconds:7.2f} s "
            f"{real.rate:9.0f} rows/s  (plan {planning:.2f} s, apply {real.seconds - planning:.2f} s)"
        )
        self.stdout.write(
            f"  baseline (openpyxl read-only + bulk_create):             {baseline.seconds:7.2f} s "
            f"{baseline.rate:9.0f} rows/s"
        )
        verdict = "meets" if ratio >= GOAL else "BELOW"
        self.stdout.write(f"  ratio: {ratio:.2f} of the baseline ({verdict} the goal of {GOAL:.2f}); created {rows}")
        if profile:
            profiler = cProfile.Profile()
            self._import(bench, profiler)
            bench_clear(bench)
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile)
            self.stdout.write(f"One more import, profiled:\n{out.getvalue()}")
        if keep:
            self._import(bench)  # once more, for the caller to look at
        if ratio < min_ratio:
            raise CommandError(f"The import runs at {ratio:.2f} of the baseline, under --min-ratio {min_ratio}.")

    def _import(self, bench: Bench, profiler: cProfile.Profile | None = None) -> tuple[Timing, float]:
        """One import, checked: it must create one volunteer per row."""
        real, planning = run_import(bench, profiler)
        created = Volunteer.objects.filter(committee__in=bench.villages).count()
        if created != bench.rows or real.rows != bench.rows:
            raise CommandError(f"The import created {created} volunteers, not {bench.rows}.")
        return real, planning
