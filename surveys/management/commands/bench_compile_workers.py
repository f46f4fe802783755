"""Compile a synthetic district's report through the queue with 1, then 2 real Celery workers
(`celery -A xishan_portal worker --concurrency 1`, each its own hostname), and print the wall
seconds of each, the parts each worker built, each worker's peak memory (VmHWM of its pool
process, from /proc) and whether the files are the same either way.

The workers are separate processes, so they must see the district: it is committed, in a
throwaway database by default (Django's test-database machinery, as bench_compile: a file under
var/ for SQLite, `xishan_bench_workers` on a server) dropped afterwards; `--in-place` uses the
configured database (the tests do) and refuses one that holds committees. The broker is the
configured one (CELERY_BROKER_URL: Redis in CI); a filesystem broker gets a folder of its own,
so that `make run`'s worker never takes the benchmark's messages. The media folder is a
temporary one shared by the command and its workers.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from committees.bench import database_url, server_version, throwaway_database
from committees.models import Committee
from surveys.report.models import ReportRun
from surveys.report.runs import FORMATS
from surveys.report.tasks import compile_report
from surveys.selectors import round_for_year
from surveys.synthetic import synthetic_district_create
from surveys.synthetic_province import parse_sizes, synthetic_province_create

SERVER_DB_NAME = "xishan_bench_workers"
GOAL_SECONDS = 60.0
MEMORY_LIMIT_MB = 500
celery_app = compile_report.app  # the project's (no app imports xishan_portal)
READY = re.compile(rb"\bready\.")
CORE_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


@dataclass
class Workers:
    """The worker processes of one measurement, with their logs."""

    processes: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass
class Measured:
    workers: int
    seconds: float  # the fastest of its runs
    every: list[float]  # each run's
    parts: dict[str, list[str]]  # worker hostname → the parts it built, with their seconds
    peak_mb: dict[str, float]  # worker hostname → its pool process's peak resident memory
    files: dict[str, object]  # format → its comparable content


def comparable(content: bytes) -> object:
    """A zip's entries and their bytes (core.xml's created/modified left out: the clock's); else the bytes."""
    if not content.startswith(b"PK"):
        return content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [(name, CORE_TIMES.sub(b"", archive.read(name))) for name in archive.namelist()]


def children(pid: int) -> list[int]:
    """The processes whose parent is pid (the prefork pool's), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB; 0 when unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else 0.0


@contextmanager
def private_broker(folder: Path):
    """A filesystem broker in `folder` (the workers get XISHAN_VAR_DIR, which puts it there); yields
    the workers' extra environment. A server broker is left as configured."""
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        yield {}
        return
    broker = folder / "celery-broker"
    (broker / "control").mkdir(parents=True, exist_ok=True)
    saved = celery_app.conf.broker_transport_options
    celery_app.conf.broker_transport_options = {
        "data_folder_in": str(broker),
        "data_folder_out": str(broker),
        "control_folder": str(broker / "control"),
        "store_processed": False,
    }
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield {"XISHAN_VAR_DIR": str(folder)}
    finally:
        celery_app.conf.broker_transport_options = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def workers_start(count: int, env: dict[str, str], folder: Path, timeout: float) -> Workers:
    started = Workers()
    for n in range(1, count + 1):
        name = f"bench{count}-{n}-{os.getpid()}@%h"
        log = folder / f"worker-{count}-{n}.log"
        command = [sys.executable, "-m", "celery", "-A", "xishan_portal", "worker", "-l", "info"]
        command += ["--concurrency", "1", "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", name]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env={**os.environ, **env},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        started.processes.append(process)
        started.logs.append(log)
    deadline = time.monotonic() + timeout
    while not all(READY.search(log.read_bytes()) for log in started.logs):
        if any(p.poll() is not None for p in started.processes) or time.monotonic() > deadline:
            workers_stop(started)
            raise CommandError("A worker did not start:\n" + "\n".join(log_tail(log) for log in started.logs))
        time.sleep(0.2)
    return started


def workers_stop(workers: Workers) -> None:
    for process in workers.processes:
        if process.poll() is None:
            process.terminate()  # warm shutdown: the pool's process goes too
    for process in workers.processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def log_tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


class Command(BaseCommand):
    help = "Compile a synthetic district's report through the queue with 1, then 2 Celery workers, timed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--towns", type=int, default=100, help="Towns of the synthetic district (default 100).")
        parser.add_argument("--villages", type=int, default=30, help="Villages per town (default 30).")
        parser.add_argument(
            "--province",
            metavar="D,T,V,F",
            help="Compile a synthetic province instead (load_synthetic: districts, towns a district, villages a "
            "town, five-olds a village; 100,13,16,24 is a province's size).",
        )
        parser.add_argument("--year", type=int, default=2023, help="The round compiled (default 2023).")
        parser.add_argument(
            "--repeat",
            type=int,
            default=2,
            help="Runs compiled on each set of workers; the fastest counts (default 2).",
        )
        parser.add_argument("--timeout", type=float, default=300.0, help="Seconds a compile may take (default 300).")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database instead of a throwaway one (refused if it holds committees).",
        )

    def handle(self, *args, **options) -> None:
        if min(options["towns"], options["villages"], options["repeat"]) < 1:
            raise CommandError("--towns, --villages and --repeat must be at least 1.")
        with tempfile.TemporaryDirectory(prefix="bench-workers-") as temporary:
            folder = Path(temporary)
            with override_settings(DEBUG=False, MEDIA_ROOT=str(folder / "media")):
                if options["in_place"]:
                    if Committee.objects.exists():
                        raise CommandError("This database holds committees; run without --in-place (make bench).")
                    self._bench(folder=folder, **options)
                    return
                with throwaway_database(stem="bench-workers", server_name=SERVER_DB_NAME, write=self.stdout.write):
                    self._bench(folder=folder, **options)

    def _bench(
        self, *, folder: Path, towns: int, villages: int, year: int, repeat: int, timeout: float, **options
    ) -> None:
        self.stdout.write(
            f"Compile with workers: the {year} report in {', '.join(FORMATS)}; database {connection.vendor} "
            f"{server_version()} ({connection.settings_dict['NAME']}); broker {settings.CELERY_BROKER_URL.split('://')[0]}"
        )
        scope, seconds = self._generate(towns, villages, year, options.get("province"))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"{seconds:.1f} s.")
        env = {"DATABASE_URL": database_url(connection.settings_dict), "MEDIA_ROOT": str(folder / "media")}
        created_at = timezone.now()  # both runs' (the report's generated time): their files compare
        results = []
        with private_broker(folder) as broker_env:
            for count in (1, 2):
                runs = [
                    ReportRun.objects.create(
                        survey_round=round_for_year(year),
                        scope=scope,
                        formats=list(FORMATS),
                        created_at=created_at,
                    )
                    for _ in range(repeat)
                ]
                results.append(self._measure(runs, count, {**env, **broker_env}, folder, timeout))
        self._print(results)

    def _generate(self, towns: int, villages: int, year: int, province: str | None) -> tuple[Committee, float]:
        """The synthetic district (or province) compiled, and the seconds it took to make."""
        try:
            if province:
                sizes = parse_sizes(province)
                self.stdout.write(f"Generating a synthetic province ({province}) … ", ending="")
                self.stdout.flush()
                made = synthetic_province_create(**sizes, year=year)
                return made.root, made.total_seconds
            self.stdout.write(f"Generating a synthetic district of {towns} towns × {villages} villages … ", ending="")
            self.stdout.flush()
            made = synthetic_district_create(towns=towns, villages=villages, year=year, previous=True)
            return made.district, made.seconds
        except (ValidationError, ValueError) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else "--province takes D,T,V,F."
            raise CommandError(message) from exc

    def _measure(
        self, runs: list[ReportRun], count: int, env: dict[str, str], folder: Path, timeout: float
    ) -> Measured:
        """Compile the runs one after the other on `count` new workers; the fastest one's figures."""
        self.stdout.write(f"Starting {count} worker(s) … ", ending="")
        self.stdout.flush()
        workers = workers_start(count, env, folder, timeout=60)
        try:
            self.stdout.write("compiling …")
            seconds = [self._compile(run, workers, timeout) for run in runs]
            peaks = self._peaks(workers)
        finally:
            workers_stop(workers)
        best = min(range(len(runs)), key=seconds.__getitem__)
        run = runs[best]
        parts: dict[str, list[str]] = {}
        for part in run.parts.order_by("started_at"):
            took = (part.finished_at - part.started_at).total_seconds()
            parts.setdefault(part.worker, []).append(f"{part.key} {took:.2f} s")
        files = {}
        for stored in run.files.all():
            with stored.file.open("rb") as handle:
                files[stored.format] = comparable(handle.read())
        return Measured(count, seconds[best], seconds, parts, peaks, files)

    def _compile(self, run: ReportRun, workers: Workers, timeout: float) -> float:
        """Send the run to the workers; the wall seconds until it is done."""
        start = time.perf_counter()
        compile_report.delay(run.pk)
        deadline = time.monotonic() + timeout
        run.refresh_from_db()
        while not run.is_finished:
            if time.monotonic() > deadline or any(p.poll() is not None for p in workers.processes):
                tails = "\n".join(log_tail(log) for log in workers.logs)
                raise CommandError(f"Run {run.pk} still {run.status} ({run.stage}); the workers' logs:\n{tails}")
            time.sleep(0.05)
            run.refresh_from_db()
        if run.status != ReportRun.Status.DONE:
            raise CommandError(f"Run {run.pk} failed: {run.error}")
        return time.perf_counter() - start

    def _peaks(self, workers: Workers) -> dict[str, float]:
        """Each worker's peak memory: the largest VmHWM of its pool processes (they compile)."""
        peaks = {}
        for process, log in zip(workers.processes, workers.logs, strict=True):
            name = re.search(rb"(\S+@\S+) ready\.", log.read_bytes())
            hostname = name.group(1).decode() if name else str(process.pid)
            peaks[hostname] = max([peak_mb(pid) for pid in children(process.pid)] or [0.0])
        return peaks

    def _print(self, results: list[Measured]) -> None:
        self.stdout.write("")
        for result in results:
            every = ", ".join(f"{s:.2f}" for s in result.every)
            self.stdout.write(f"{result.workers} worker(s): {result.seconds:.2f} s wall (the fastest of {every})")
            for worker, peak in sorted(result.peak_mb.items()):
                built = ", ".join(result.parts.get(worker, [])) or "-"
                self.stdout.write(f"  {worker}: parts {built}; peak memory {peak:.0f} MB")
        one, two = results
        same = one.files == two.files and sorted(one.files) == sorted(FORMATS)
        peak = max(p for r in results for p in r.peak_mb.values())
        self.stdout.write(
            f"Two workers: {two.seconds:.2f} s, one: {one.seconds:.2f} s "
            + ("(faster with two)" if two.seconds < one.seconds else "(NOT faster with two)")
            + f"; {'under' if two.seconds < GOAL_SECONDS else 'OVER'} the goal of {GOAL_SECONDS:g} s."
        )
        self.stdout.write(
            f"Files: {'identical' if same else 'DIFFERENT'} with one and two workers. "
            f"Peak worker memory: {peak:.0f} MB ({'under' if peak < MEMORY_LIMIT_MB else 'OVER'} {MEMORY_LIMIT_MB} MB)."
        )
        if not same:
            raise CommandError("The files differ between one and two workers.")
