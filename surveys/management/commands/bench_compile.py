"""Time the district report's compile stage by stage, and count its SQL queries, on the demo
district and on two synthetic districts of the same towns with many and few villages: the
demo should compile in under GOAL_SECONDS, and the query count must not grow with villages.

Like bench_import, it never opens the configured database: it builds a throwaway one with
Django's test-database machinery (a file under var/ for SQLite, `xishan_bench_compile` on any
other server), migrates it, runs and drops it. Each district is loaded inside a transaction
that is rolled back once it is compiled, so the three never meet (survey rounds ask every town
of a database). `--in-place` uses the configured database instead (the tests do, inside their
own test database) and refuses one that holds any committee.

The compile is report_data_build (indicators, problems, rows: the stages the progress bar
shows) and then each format's builder, timed one by one; the files are built in memory, not
stored. Queries are counted over the whole compile.
"""

from __future__ import annotations

import gc
import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from committees.bench import server_version, throwaway_database
from committees.demo import DISTRICT_CODE
from committees.models import Committee
from surveys.report.data import ReportData
from surveys.report.runs import FORMATS, builder_for, built, report_data_build
from surveys.selectors import round_for_year
from surveys.synthetic import synthetic_district_create

GOAL_SECONDS = 10.0
SERVER_DB_NAME = "xishan_bench_compile"
DATA_STAGES = ("indicators", "problems", "rows")  # report_data_build's steps, as runs.py names them
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Compiled:
    """One district's compile: seconds per stage, queries, and what it took to set it up."""

    label: str
    towns: int
    villages: int
    setup_seconds: float
    stages: dict[str, float] = field(default_factory=dict)
    queries: int = 0

    @property
    def seconds(self) -> float:
        return sum(self.stages.values())

    @property
    def size(self) -> str:
        return f"{self.towns} / {self.villages}"


class _Clock:
    """Seconds between report_data_build's progress steps, by the name of the stage that ran."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}
        self.stage = ""
        self.at = time.perf_counter()

    def step(self, percent: int, stage: str) -> None:
        now = time.perf_counter()
        if self.stage:
            self.stages[self.stage] = now - self.at
        self.stage, self.at = stage, now


def compile_timed(survey_round, scope: Committee, label: str, setup_seconds: float) -> Compiled:
    """Compile the scope's report of the round in every format, timing each stage."""
    gc.collect()
    clock = _Clock()
    with CaptureQueriesContext(connection) as queries:
        data: ReportData = report_data_build(survey_round=survey_round, scope=scope, step=clock.step)
        clock.step(100, "")
        for fmt in FORMATS:
            build = builder_for(fmt)
            if build is None:
                continue
            start = time.perf_counter()
            with built(build(data)):  # a file written piece by piece: its temporary file removed
                clock.stages[fmt] = time.perf_counter() - start
    return Compiled(
        label=label,
        towns=data.value("towns", 0),
        villages=data.value("villages", 0),
        setup_seconds=setup_seconds,
        stages=clock.stages,
        queries=len(queries),
    )


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever is written inside is gone afterwards (the next district starts from an empty tree)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def analyze() -> None:
    """Give PostgreSQL's planner the tables' new sizes, as autovacuum would after a bulk load
    (ANALYZE may run inside the transaction and sees its rows). SQLite needs none."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = "Time the report compile per stage and count its queries: the demo, then synthetic districts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--towns", type=int, default=100, help="Towns of the synthetic districts (default 100).")
        parser.add_argument(
            "--villages", type=int, default=30, help="Villages per town of the big synthetic district (default 30)."
        )
        parser.add_argument(
            "--few-villages",
            type=int,
            default=0,
            help="Villages per town of the small one, to compare query counts (default: a tenth, at least 1).",
        )
        parser.add_argument("--year", type=int, default=2023, help="The round compiled (default 2023).")
        parser.add_argument("--skip-demo", action="store_true", help="Only the synthetic districts.")
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=0.0,
            help=f"Fail when the demo's compile takes longer (default: only say whether it is under {GOAL_SECONDS:g} s).",
        )
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database instead of a throwaway one (refused if it holds committees).",
        )

    def handle(self, *args, **options) -> None:
        few = options["few_villages"] or max(1, options["villages"] // 10)
        if options["towns"] < 1 or options["villages"] < 1 or few < 1:
            raise CommandError("--towns, --villages and --few-villages must be at least 1.")
        if few >= options["villages"]:
            raise CommandError("--few-villages must be under --villages.")
        options["few_villages"] = few
        # DEBUG would record every query's SQL, which production does not pay for (CaptureQueriesContext
        # still records the compile's). The demo's users get cheap password hashes: nothing is kept.
        with override_settings(DEBUG=False, PASSWORD_HASHERS=FAST_HASHERS):
            if options["in_place"]:
                if Committee.objects.exists():
                    raise CommandError("This database holds committees; run without --in-place (make bench).")
                self._bench(**options)
                return
            with throwaway_database(stem="bench-compile", server_name=SERVER_DB_NAME, write=self.stdout.write):
                self._bench(**options)

    def _bench(
        self, *, towns: int, villages: int, few_villages: int, year: int, skip_demo: bool, max_seconds: float, **options
    ) -> None:
        self.stdout.write(
            f"Compile benchmark: the {year} report in {', '.join(FORMATS)}; database {connection.vendor} "
            f"{server_version()} ({connection.settings_dict['NAME']})"
        )
        results: list[Compiled] = []
        if not skip_demo:
            results.append(self._demo(year))
        big = self._synthetic(towns, villages, year, "synthetic")
        small = self._synthetic(towns, few_villages, year, "fewer villages")
        results += [big, small]
        self._table(results)

        failures = []
        if not skip_demo:
            demo = results[0]
            verdict = "under" if demo.seconds < GOAL_SECONDS else "OVER"
            self.stdout.write(f"Demo district: {demo.seconds:.2f} s, {verdict} the goal of {GOAL_SECONDS:g} s.")
            if max_seconds and demo.seconds > max_seconds:
                failures.append(f"the demo compiled in {demo.seconds:.2f} s, over --max-seconds {max_seconds:g}")
        grew = big.queries > small.queries
        self.stdout.write(
            f"Queries: {big.queries} for {big.villages} villages, {small.queries} for {small.villages} villages: "
            + ("the count GREW with the number of villages." if grew else "the count does not grow with villages.")
        )
        if grew:
            failures.append("the query count grew with the number of villages")
        if failures:
            raise CommandError("; ".join(failures) + ".")

    def _demo(self, year: int) -> Compiled:
        self.stdout.write("Loading the demo district … ", ending="")
        self.stdout.flush()
        with rolled_back():
            start = time.perf_counter()
            call_command("load_demo", stdout=io.StringIO())
            analyze()
            setup = time.perf_counter() - start
            self.stdout.write(f"{setup:.1f} s; compiling …")
            survey_round = round_for_year(year)
            if survey_round is None:
                raise CommandError(f"The demo has no {year} round.")
            scope = Committee.objects.get(code=DISTRICT_CODE)
            return compile_timed(survey_round, scope, "demo", setup)

    def _synthetic(self, towns: int, villages: int, year: int, label: str) -> Compiled:
        self.stdout.write(
            f"Generating a synthetic district of {towns} towns × {villages} villages (rounds {year - 1} and {year}) … ",
            ending="",
        )
        self.stdout.flush()
        with rolled_back():
            try:
                made = synthetic_district_create(towns=towns, villages=villages, year=year, previous=True)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            start = time.perf_counter()
            analyze()
            setup = made.seconds + time.perf_counter() - start
            self.stdout.write(f"{setup:.1f} s; compiling …")
            compiled = compile_timed(round_for_year(year), made.district, label, setup)
        if compiled.towns != towns or compiled.villages != towns * villages:
            raise CommandError(
                f"The synthetic report counts {compiled.towns} towns and {compiled.villages} villages, "
                f"not {towns} and {towns * villages}."
            )
        return compiled

    def _table(self, results: list[Compiled]) -> None:
        width = max(16, *(len(r.label) + 2 for r in results))
        self.stdout.write("")
        self.stdout.write(f"{'seconds per stage':<20}" + "".join(f"{r.label:>{width}}" for r in results))
        self.stdout.write(f"{'  towns / villages':<20}" + "".join(f"{r.size:>{width}}" for r in results))
        stages = [*DATA_STAGES, *(f for f in FORMATS if any(f in r.stages for r in results))]
        for stage in stages:
            cells = [f"{r.stages[stage]:.2f}" if stage in r.stages else "-" for r in results]
            self.stdout.write(f"  {stage:<18}" + "".join(f"{c:>{width}}" for c in cells))
        self.stdout.write(f"  {'total':<18}" + "".join(f"{r.seconds:>{width}.2f}" for r in results))
        self.stdout.write(f"  {'queries':<18}" + "".join(f"{r.queries:>{width}d}" for r in results))
        self.stdout.write(f"  {'(load/generate)':<18}" + "".join(f"{r.setup_seconds:>{width}.1f}" for r in results))
        self.stdout.write("")
