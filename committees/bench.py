"""What the benchmark commands share (committees' bench_import, funding's bench_fund_import, surveys'
bench_compile and bench_compile_workers): a throwaway database of their own (and its URL, for the
workers bench_compile_workers starts), the database server's version for their report, and the
import benchmarks' command (ImportBench)."""

from __future__ import annotations

import cProfile
import gc
import io
import os
import pstats
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings


def server_version() -> str:
    queries = {"sqlite": "SELECT sqlite_version()", "postgresql": "SHOW server_version"}
    if connection.vendor not in queries:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(queries[connection.vendor])
        return cursor.fetchone()[0]


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL naming the database this process uses (a throwaway one, a test one), for the
    worker processes a benchmark starts."""
    engine, name = settings_dict["ENGINE"], settings_dict["NAME"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{name}"
    if engine not in ("django.db.backends.postgresql", settings.POSTGRESQL_ENGINE):
        raise CommandError(f"No DATABASE_URL for the workers on {engine}.")
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{auth}{host}:{port}/{quote(name, safe='')}"


@contextmanager
def throwaway_database(*, stem: str, server_name: str, write) -> Iterator[str]:
    """A database of the benchmark's own, created and migrated by Django's test-database
    machinery and dropped afterwards: a SQLite file under var/, or `server_name` on the server."""
    sqlite = connection.vendor == "sqlite"
    name = str(Path(settings.VAR_DIR) / f"{stem}-{os.getpid()}.sqlite3") if sqlite else server_name
    if name == connection.settings_dict["NAME"]:
        raise CommandError(f"The configured database is {name}, the benchmark's throwaway name.")
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.settings_dict["NAME"]
    write(f"Creating and migrating the throwaway database {name} …")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield name
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


@dataclass
class Timing:
    seconds: float
    rows: int

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


class ImportBench(BaseCommand):
    """An import's benchmark against a raw openpyxl read-only + bulk_create baseline of the same
    rows (committees' bench_import, funding's bench_fund_import): a throwaway database by
    default, `--in-place` for the tests (refused on a database holding other committees); the
    best of `--repeat` rounds of each path; the import must create one object per row.

    A subclass names its rows (`noun`), its import (`import_label`), its bench code and
    throwaway database names, and implements setup, baseline, run, clear and created. One that
    also has `calamine_baseline` (the same rows read by python-calamine, as the uploads read a
    plain sheet) is measured against that one too, and the goal is then that baseline's."""

    noun = "rows"
    import_label = ""
    code = "BENCH"
    stem = "bench"
    server_name = "xishan_bench"
    goal = 1 / 3

    # The import under test, as the upload page runs it: plan(user=, data=), then apply(user=, plan=).
    import_plan = None
    import_apply = None

    def setup(self, rows: int): ...  # the bench's committees, user and workbook (with .data, .rows)

    def baseline(self, bench) -> Timing: ...

    calamine_baseline = None  # (bench) -> Timing, when the subclass has one

    def clear(self, bench) -> None: ...

    def created(self, bench) -> int: ...

    def run(self, bench, profiler: cProfile.Profile | None) -> tuple[Timing, float]:
        """The upload page's path: plan, then apply. The whole timing and the planning seconds."""
        if profiler:
            profiler.enable()
        start = time.perf_counter()
        plan = self.import_plan(user=bench.user, data=bench.data)
        planned = time.perf_counter()
        if plan.errors:
            raise CommandError("The bench workbook has errors: " + "; ".join(str(e) for e in plan.errors[:5]))
        self.import_apply(user=bench.user, plan=plan)
        done = time.perf_counter()
        if profiler:
            profiler.disable()
        return Timing(done - start, len(plan.new)), planned - start

    def check_options(self, options: dict) -> None:
        """A subclass's own refusals, before anything is built."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=10_000, help="Rows in the workbook (default 10000).")
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
        from committees.models import Committee

        if options["rows"] < 1 or options["repeat"] < 1:
            raise CommandError("--rows and --repeat must be at least 1.")
        if options["keep"] and not options["in_place"]:
            raise CommandError("--keep needs --in-place (a throwaway database is dropped anyway).")
        self.check_options(options)
        # DEBUG would record every query's SQL, which production does not pay for.
        with override_settings(DEBUG=False):
            if options["in_place"]:
                if Committee.objects.exclude(code__startswith=self.code).exists():
                    raise CommandError("This database holds committees; run without --in-place (make bench).")
                self._bench(**options)
                return
            with throwaway_database(stem=self.stem, server_name=self.server_name, write=self.stdout.write):
                self._bench(**{**options, "keep": False})

    def _bench(self, *, rows: int, repeat: int, keep: bool, profile: int, min_ratio: float, **options) -> None:
        bench = self.setup(rows)
        self.stdout.write(
            f"Import benchmark: {rows} {self.noun}, best of {repeat}, database {connection.vendor} "
            f"{server_version()} ({connection.settings_dict['NAME']}), workbook {len(bench.data) // 1024} KB"
        )
        baselines, fast_baselines, imports = [], [], []
        for _ in range(repeat):
            baselines.append(self.baseline(bench))
            self.clear(bench)
            if self.calamine_baseline is not None:
                fast_baselines.append(self.calamine_baseline(bench))
                self.clear(bench)
            imports.append(self._import(bench))
            self.clear(bench)
        real, planning = min(imports, key=lambda t: t[0].seconds)
        self.stdout.write(
            f"  import ({self.import_label}): {real.seconds:7.2f} s "
            f"{real.rate:9.0f} rows/s  (plan {planning:.2f} s, apply {real.seconds - planning:.2f} s)"
        )
        ratio = self._report(real, "openpyxl read-only + bulk_create", baselines, goal=not fast_baselines)
        if fast_baselines:
            ratio = self._report(real, "calamine + bulk_create", fast_baselines, goal=True)
        self.stdout.write(f"  created {rows}")
        if profile:
            self._profile(bench, profile)
        if keep:
            self._import(bench)  # once more, for the caller to look at
        if ratio < min_ratio:
            raise CommandError(f"The import runs at {ratio:.2f} of the baseline, under --min-ratio {min_ratio}.")

    def _report(self, real: Timing, label: str, timings: list[Timing], *, goal: bool) -> float:
        """Print the best baseline and the import's ratio to it (with the verdict when it is the goal's)."""
        baseline = min(timings, key=lambda t: t.seconds)
        ratio = real.rate / baseline.rate
        self.stdout.write(f"  baseline ({label}): {baseline.seconds:7.2f} s {baseline.rate:9.0f} rows/s")
        verdict = f" ({'meets' if ratio >= self.goal else 'BELOW'} the goal of {self.goal:.2f})" if goal else ""
        self.stdout.write(f"  ratio: {ratio:.2f} of the {label} baseline{verdict}")
        return ratio

    def _profile(self, bench, calls: int) -> None:
        profiler = cProfile.Profile()
        self._import(bench, profiler)
        self.clear(bench)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(calls)
        self.stdout.write(f"One more import, profiled:\n{out.getvalue()}")

    def _import(self, bench, profiler: cProfile.Profile | None = None) -> tuple[Timing, float]:
        """One import, checked: it must create one object per row."""
        gc.collect()
        real, planning = self.run(bench, profiler)
        created = self.created(bench)
        if created != bench.rows or real.rows != bench.rows:
            raise CommandError(f"The import created {created} {self.noun}, not {bench.rows}.")
        return real, planning
