"""Time the import of fund entries against a raw openpyxl + bulk_create baseline of the same rows.

As committees' bench_import (the volunteer import's bench): a throwaway database by default,
`--in-place` for the tests (refused on a database holding other committees); the best of
`--repeat` rounds of each path; the import must create one entry per row.
"""

from __future__ import annotations

import datetime
import gc
import io
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, transaction
from openpyxl import load_workbook

from committees.bench import ImportBench, Timing
from committees.excel import build_workbook
from committees.models import Committee, Kind, Role, RoleAssignment
from funding.excel import TABLES, entry_import_apply, entry_import_plan
from funding.excel.common import last_year
from funding.excel.specs import ENTRY_INSTRUCTIONS, ENTRY_SHEET, FUND_SOURCE_LABELS
from funding.models import FundEntry, FundSource

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


def bench_clear(bench: Bench) -> None:
    """Remove the bench villages' entries and their history (the ledger's delete is refused: raw)."""
    ids = [c.pk for c in bench.villages]
    FundEntry.history.filter(committee_id__in=ids).delete()
    FundEntry.objects.filter(committee_id__in=ids)._raw_delete(connection.alias)


class Command(ImportBench):
    help = (
        "Time the fund-entry import (plan + apply) against openpyxl read-only + bulk_create, in a throwaway database."
    )
    noun = "entry rows"
    import_label = "entry_import_plan + entry_import_apply"
    code = CODE
    stem = "bench-funds"
    server_name = SERVER_DB_NAME

    import_plan = staticmethod(entry_import_plan)
    import_apply = staticmethod(entry_import_apply)
    setup = staticmethod(bench_setup)
    baseline = staticmethod(run_baseline)
    clear = staticmethod(bench_clear)

    def created(self, bench) -> int:
        return FundEntry.objects.filter(committee__in=bench.villages).count()

    def check_options(self, options: dict) -> None:
        if last_year() < YEAR:
            raise CommandError(f"The bench's year {YEAR} is after the last year a file may describe.")
