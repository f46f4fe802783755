"""Load-test the list pages: gunicorn (DEBUG off) serving the demo district, `--users` signed-in
staff fetching the page mix for `--seconds`; per page the 50th and 95th percentile and requests per
second, the one-user median, and the raw baseline of the same run (surveys.bench_pages); then each
page's CPU time a request measured in this process (surveys.bench_cpu).

By default a throwaway database (a file under var/ for SQLite, `xishan_bench_pages` on a server),
migrated, with the demo loaded and analysed, dropped afterwards; `--province D,T,V,F` loads a
synthetic province instead (load_synthetic: districts, towns a district, villages a town,
five-olds a village) and signs in as its admin; `--in-place` uses the configured database, which
must hold the demo district (with `--province`, a province loaded by load_synthetic: the sizes are
then not read)."""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from committees.bench import server_version, throwaway_database
from committees.demo import DEMO_USERS
from surveys import bench_cpu
from surveys import bench_pages as bench
from surveys.synthetic_province import parse_sizes

STAFF = next(u for u in DEMO_USERS if u.username == "staff")
PROVINCE_ADMIN = "sp-admin"
PROVINCE_PASSWORD = "Bench-Xishan-2024"


def province_sizes(value: str) -> dict[str, int]:
    try:
        return parse_sizes(value)
    except ValueError as exc:
        raise CommandError("--province takes four numbers: districts,towns,villages,five-olds (100,13,16,24).") from exc


class Command(BaseCommand):
    help = "Load-test the list pages through gunicorn against a raw baseline."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seconds", type=float, default=30, help="Length of the load (default 30).")
        parser.add_argument("--users", type=int, default=10, help="Concurrent users (default 10).")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3).")
        parser.add_argument("--rounds", type=int, default=15, help="One-user requests a page (default 15).")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database (the demo loaded; with --province, a province from load_synthetic).",
        )
        parser.add_argument(
            "--province",
            metavar="D,T,V,F",
            help="A synthetic province instead of the demo: districts, towns a district, villages a town, five-olds a village.",
        )

    def handle(self, *args, **options) -> None:
        if options["seconds"] <= 0 or options["users"] < 1 or options["workers"] < 1 or options["rounds"] < 1:
            raise CommandError("--seconds, --users, --workers and --rounds must be positive.")
        with override_settings(DEBUG=False):
            if options["in_place"]:
                if options["province"]:  # a province loaded before (load_synthetic): its admin signs in
                    options["who"] = self._province_admin()
                elif not get_user_model().objects.filter(username=STAFF.username).exists():
                    raise CommandError("The configured database holds no demo district (manage.py load_demo).")
                self._bench(**options)
                return
            sizes = province_sizes(options["province"]) if options["province"] else None
            with throwaway_database(stem="bench-pages", server_name="xishan_bench_pages", write=self.stdout.write):
                if sizes:
                    self.stdout.write(f"Loading a synthetic province ({options['province']}) …")
                    call_command("load_synthetic", **sizes, stdout=self.stdout)
                    options["who"] = self._province_admin()
                else:
                    self.stdout.write("Loading the demo district …")
                    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them
                connection.close()  # the throwaway database is dropped only once no one is connected
                self._bench(**options)
                connection.close()

    def _province_admin(self) -> tuple[str, str]:
        """The synthetic province's admin, given the benchmark's password."""
        user = get_user_model().objects.filter(username=PROVINCE_ADMIN).first()
        if user is None:
            raise CommandError("The configured database holds no synthetic province (manage.py load_synthetic).")
        user.set_password(PROVINCE_PASSWORD)
        user.save(update_fields=["password"])
        return PROVINCE_ADMIN, PROVINCE_PASSWORD

    def _bench(self, *, seconds: float, users: int, workers: int, rounds: int, **options) -> None:
        username, password = options.get("who") or (STAFF.username, STAFF.password)
        pages = bench.page_mix()
        user = get_user_model().objects.get(username=username)
        bench.capture(pages, user)
        cpu = bench_cpu.cpu_per_page(pages, user, rounds)
        with tempfile.TemporaryDirectory() as raw_dir:
            for page in pages:
                (Path(raw_dir) / f"{page.name}.html").write_bytes(page.body)
            port = bench.free_port()
            server = bench.start_server(port=port, workers=workers, raw_dir=Path(raw_dir), env=dict(os.environ))
            try:
                sessions = [bench.sign_in(port, username, password) for _ in range(users)]
                self.stdout.write(
                    f"Page benchmark: database {connection.vendor} {server_version()} "
                    f"({connection.settings_dict['NAME']}), gunicorn {workers} workers, DEBUG off, "
                    f"{users} users for {seconds:g} s"
                )
                before = bench.host_speed()
                alone = self._alone(port, pages, sessions[0], rounds)
                result = bench.load(port, pages, sessions, seconds)
                after = bench.host_speed()
            finally:
                server.terminate()
                server.wait(timeout=30)
        self._report(pages, alone, result)
        self._report_cpu(cpu, rounds)
        self.stdout.write(
            f"Host speed: a fixed piece of Python took {before:.0f} ms before the runs and {after:.0f} ms after "
            "(a shared host's neighbours slow every figure above alike)"
        )

    def _alone(self, port: int, pages: list, cookies: dict, rounds: int) -> dict[str, tuple[float, float, float]]:
        """Each page with one user: its median, its queries' median on a bare cursor, the bare view's."""
        alone = {}
        for page in pages:
            bench.timed(port, page.url, cookies)
            one = statistics.median(bench.timed(port, page.url, cookies)[0] for _ in range(rounds))
            sql = statistics.median(bench.run_queries(page.queries) for _ in range(rounds))
            raw = statistics.median(bench.timed(port, bench.RAW_PREFIX + page.name, {})[0] for _ in range(rounds))
            alone[page.name] = (one, sql, raw)
        return alone

    def _report(self, pages: list, alone: dict, result: bench.Load) -> None:
        header = (
            f"  {'page':<16}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}{'1-user ms':>11}{'queries ms':>12}{'bare ms':>9}"
        )
        self.stdout.write(header + f"{'KB':>6}{'errors':>8}")
        for page in pages:
            times = result.times.get(page.name) or [float("nan")]
            one, sql, raw = alone[page.name]
            self.stdout.write(
                f"  {page.name:<16}{statistics.median(times):9.1f}{bench.percentile(times, 0.95):9.1f}"
                f"{len(result.times.get(page.name, [])) / result.seconds:8.1f}{one:11.1f}{sql:12.1f}{raw:9.1f}"
                f"{len(page.body) // 1024:6d}{result.errors.get(page.name, 0):8d}"
            )
        every = [t for times in result.times.values() for t in times]
        self.stdout.write(
            f"  {'all':<16}{statistics.median(every):9.1f}{bench.percentile(every, 0.95):9.1f}"
            f"{result.requests / result.seconds:8.1f}"
            f"{statistics.median(a[0] for a in alone.values()):11.1f}"
            f"{statistics.median(a[1] for a in alone.values()):12.1f}"
            f"{statistics.median(a[2] for a in alone.values()):9.1f}"
            f"{sum(len(p.body) for p in pages) // 1024:6d}{sum(result.errors.values()):8d}"
        )

    def _report_cpu(self, cpu: dict[str, float], rounds: int) -> None:
        self.stdout.write(
            f"In process: the server's CPU ms a request (median of {rounds}, every middleware, DEBUG off)"
        )
        for name, ms in cpu.items():
            self.stdout.write(f"  {name:<16}{ms:9.1f}")
        self.stdout.write(f"  {'all':<16}{statistics.median(cpu.values()):9.1f}{sum(cpu.values()):9.1f}")
