"""Generate a synthetic district (N towns × M villages) with approved survey rounds, into the
configured database, for benchmarks and for trying the report on a big district.

It refuses a database that already holds a district (the demo's, or an earlier synthetic one):
survey rounds ask every town of a database. Point DATABASE_URL at an empty, migrated database,
or let bench_compile make a throwaway one.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from surveys.synthetic import DEFAULT_CODE, synthetic_district_create


class Command(BaseCommand):
    help = "Create a synthetic district of --towns × --villages with approved survey rounds (an empty database only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--towns", type=int, default=100, help="Towns and subdistricts (default 100).")
        parser.add_argument("--villages", type=int, default=30, help="Villages and communities per town (default 30).")
        parser.add_argument("--year", type=int, default=2023, help="The approved round's year (default 2023).")
        parser.add_argument(
            "--previous", action="store_true", help="Also approve the round of year − 1, for last round's values."
        )
        parser.add_argument("--code", default=DEFAULT_CODE, help=f"The district's code (default {DEFAULT_CODE}).")

    def handle(self, *args, **options) -> None:
        try:
            made = synthetic_district_create(
                towns=options["towns"],
                villages=options["villages"],
                year=options["year"],
                previous=options["previous"],
                code=options["code"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic district {made.district.code}: {made.towns} towns, {made.villages} villages, "
                f"{made.committees} committees; approved rounds {', '.join(map(str, made.years))} "
                f"({made.rows} rows) in {made.seconds:.1f} s."
            )
        )
        self.stdout.write(f"Compile it with: python manage.py compile_report --year {made.years[-1]}")
