"""Time the import of fund entries against a raw openpyxl + bulk_create baseline of the same rows.

As committees' bench_import (the volunteer import's bench): a throwaway database by default,
`--in-place` for the tests (refused on a database holding other committees); the best of
`--repeat` rounds of each path; the import must create one entry per row.
"""

from __future__ import annotations

import cProfile
import datetime
import gc
import io
import pstats
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from openpyxl import load_workbook

from committees.bench import server_version, throwaway_database
from committees.excel import build_workbook
from committees.models import Committee, Kind, Role, RoleAssignment
from funding.excel import TABLES, entry_import_apply, entry_import_plan
from funding.excel.common import last_year
from funding.excel.specs import ENTRY_INSTRUCTIONS, ENTRY_SHEET, FUND_SOURCE_LABELS
from funding.models import FundEntry, FundSource

GOAL = 1 / 3
CODE = "FBENCH"
SERVER_DB_NAME = "xishan_bench_funds"
TOWNS = 2
VILLAGES_PER_TOWN = 10
YEAR = 2024
SOURCES = (FundSource.FISCAL, FundSource.TOWN_MATCHING, FundSource.SOCIAL, FundSource.REWARD)


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
    """A bench district with villages, a district admin and a workbook of `rows` new entries."""
    district = Committee.objects.create(code=CODE, name="经费基准测试区关工委", kind=Kind.DISTRICT)
    villages = []
    for t in range(1, TOWNS + 1):
        town = Committee.objects.create(
            code=f"{CODE}{t:02d}", name=f"经费基准镇{t}关工委", kind=Kind.TOWN, parent=district
        )
        for v in range(1, VILLAGES_PER_TOWN + 1):
            villages.append(
                Committee.objects.create(
                    code=f"{town.code}V{v:02d}", name=f"经费基准镇{t}村{v}关工委", kind=Kind.VILLAGE, parent=town
                )
            )
    user = get_user_model().objects.create(username=f"{CODE.lower()}-admin", first_name="经费基准测试管理员")
    RoleAssignment.objects.create(user=user, committee=district, role=Role.DISTRICT_ADMIN)
    sheet_rows = [
        {
            "committee_code": villages[i % len(villages)].code,
            "committee_name": villages[i % len(villages)].name,
            "year": YEAR,
            "date": datetime.date(YEAR, 1 + i % 12, 1 + i % 28),
            "amount": Decimal(1 + i % 500) / 100,
            "source": FUND_SOURCE_LABELS[SOURCES[i % len(SOURCES)]],
            "document": f"锡财〔{YEAR}〕{i % 90 + 1}号",
        }
        for i in range(rows)
    ]
    spec = TABLES["entries"].spec()
    data = build_workbook([(spec, sheet_rows)], instructions=ENTRY_INSTRUCTIONS, title="基准测试")
    return Bench(villages, user, data, rows)


def run_baseline(bench: Bench) -> Timing:
    """openpyxl read-only, codes resolved in one query, one bulk_create in a transaction."""
    gc.collect()
    start = time.perf_counter()
    book = load_workbook(io.BytesIO(bench.data), read_only=True)
    rows = book[ENTRY_SHEET].iter_rows(values_only=True)
    headers = [str(h).split("\n")[0] if h else "" for h in next(rows)]
    at = {c.key: headers.index(c.header) for c in TABLES["entries"].spec().columns}
    values = [row for row in rows if row[at["committee_code"]]]
    book.close()
    committees = dict(
        Committee.objects.filter(code__in={r[at["committee_code"]] for r in values}).values_list("code", "pk")
    )
    sources = {label: value for value, label in FUND_SOURCE_LABELS.items()}
    entries = [
        FundEntry(
            committee_id=committees[r[at["committee_code"]]],
            year=r[at["year"]],
            date=r[at["date"]].date(),
            amount=Decimal(str(r[at["amount"]])),
            source=sources[r[at["source"]]],
            document=r[at["document"]] or "",
            created_by=bench.user,
        )
        for r in values
    ]
    with transaction.atomic():
        FundEntry.objects.bulk_create(entries)
    return Timing(time.perf_counter() - start, len(entries))


def run_import(bench: Bench, profiler: cProfile.Profile | None = None) -> tuple[Timing, float]:
    """The upload page's path: plan, then apply. Returns the whole timing and the planning seconds."""
    gc.collect()
    if profiler:
        profiler.enable()
    start = time.perf_counter()
    plan = entry_import_plan(user=bench.user, data=bench.data)
    planned = time.perf_counter()
    if plan.errors:
        raise CommandError("The bench workbook has errors: " + "; ".join(str(e) for e in plan.errors[:5]))
    entry_import_apply(user=bench.user, plan=plan)
    done = time.perf_counter()
    if profiler:
        profiler.disable()
    return Timing(done - start, len(plan.new)), planned - start


def bench_clear(bench: Bench) -> None:
    """Remove the bench villages' entries and their history (the ledger's delete is refused: raw)."""
    ids = [c.pk for c in bench.villages]
    FundEntry.history.filter(committee_id__in=ids).delete()
    FundEntry.objects.filter(committee_id__in=ids)._raw_delete(connection.alias)


class Command(BaseCommand):
    help = "Time the fund-entry import (plan + apply) against openpyxl read-only + bulk_create."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=10_000, help="Entry rows in the workbook (default 10000).")
        parser.add_argument("--repeat", type=int, default=3, help="Rounds of both paths; the best counts (default 3).")
        parser.add_argument(
            "--in-place", action="store_true", help="Use the configured database (refused if it holds committees)."
        )
        parser.add_argument(
            "--profile",
            type=int,
            metavar="N",
            default=0,
            help="Then profile one more import; print its N costliest calls.",
        )
        parser.add_argument("--keep", action="store_true", help="With --in-place: keep the last import's entries.")
        parser.add_argument(
            "--min-ratio", type=float, default=0.0, help="Fail when the import runs under this share of the baseline."
        )

    def handle(self, *args, **options) -> None:
        if options["rows"] < 1 or options["repeat"] < 1:
            raise CommandError("--rows and --repeat must be at least 1.")
        if last_year() < YEAR:
            raise CommandError(f"The bench's year {YEAR} is after the last year a file may describe.")
        with override_settings(DEBUG=False):
            if options["in_place"]:
                if Committee.objects.exclude(code__startswith=CODE).exists():
                    raise CommandError("This database holds committees; run without --in-place (make bench).")
                self._bench(**options)
                return
            with throwaway_database(stem="bench-funds", server_name=SERVER_DB_NAME, write=self.stdout.write):
                self._bench(**{**options, "keep": False})

    def _bench(self, *, rows: int, repeat: int, keep: bool, profile: int, min_ratio: float, **options) -> None:
        bench = bench_setup(rows)
        self.stdout.write(
            f"Fund-entry import benchmark: {rows} entry rows, best of {repeat}, database {connection.vendor} "
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
            f"  import (entry_import_plan + entry_import_apply): {real.seconds:7.2f} s "
            f"{real.rate:9.0f} rows/s  (plan {planning:.2f} s, apply {real.seconds - planning:.2f} s)"
        )
        self.stdout.write(
            f"  baseline (openpyxl read-only + bulk_create):     {baseline.seconds:7.2f} s {baseline.rate:9.0f} rows/s"
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
        real, planning = run_import(bench, profiler)
        created = FundEntry.objects.filter(committee__in=bench.villages).count()
        if created != bench.rows or real.rows != bench.rows:
            raise CommandError(f"The import created {created} entries, not {bench.rows}.")
        return real, planning
