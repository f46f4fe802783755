"""Generate a synthetic province into the configured database, for benchmarks and for trying the
portal at a province's scale: `--districts N --towns-per-district T --villages-per-town V
--five-olds-per-village F --seed S` (surveys/synthetic_province.py says what it holds).

It refuses a database that already holds a district (the demo's, or an earlier synthetic one):
survey rounds ask every town of a database. Point DATABASE_URL at an empty, migrated database.
The province's admin (sp-admin) has no usable password: `manage.py changepassword sp-admin`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from surveys.synthetic_province import DEFAULT_CODE, synthetic_province_create


class Command(BaseCommand):
    help = "Create a synthetic province with its registry, two approved rounds, ledgers and reviews (empty database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--districts", type=int, default=100, help="Districts (default 100, ten a city).")
        parser.add_argument("--towns-per-district", type=int, default=13, help="Towns a district (default 13).")
        parser.add_argument("--villages-per-town", type=int, default=16, help="Villages a town (default 16).")
        parser.add_argument("--five-olds-per-village", type=int, default=24, help="Five-olds a village (default 24).")
        parser.add_argument("--seed", type=int, default=0, help="The same seed and sizes give the same province.")
        parser.add_argument("--year", type=int, default=2023, help="The later approved round (default 2023).")
        parser.add_argument("--code", default=DEFAULT_CODE, help=f"The province's code (default {DEFAULT_CODE}).")

    def handle(self, *args, **options) -> None:
        try:
            made = synthetic_province_create(
                districts=options["districts"],
                towns_per_district=options["towns_per_district"],
                villages_per_town=options["villages_per_town"],
                five_olds_per_village=options["five_olds_per_village"],
                seed=options["seed"],
                year=options["year"],
                code=options["code"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in made.seconds.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic province {made.root.code}: {made.districts} districts, {made.towns} towns, "
                f"{made.villages} villages, {made.committees} committees, {made.five_olds} five-olds; approved "
                f"rounds {', '.join(map(str, made.years))} ({made.rows} rows); ledgers "
                f"{', '.join(map(str, made.ledger_years))}; {made.reviews} reviews; "
                f"in {made.total_seconds:.1f} s ({stages})."
            )
        )
        self.stdout.write(f"Compile it with: python manage.py compile_report --year {made.years[-1]}")
