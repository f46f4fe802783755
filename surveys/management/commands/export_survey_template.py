"""Write a town's survey workbook of a round to a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees import scoping
from committees.scoping import Action
from surveys.imports import survey_template, town_submissions

from ._survey import acting_user, add_user_argument, round_of, town_of


class Command(BaseCommand):
    help = "Write a town's Excel workbook of a survey round, filled with what its forms hold now."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--town", required=True, metavar="CODE")
        parser.add_argument("--out", required=True, metavar="FILE")
        add_user_argument(parser)

    def handle(self, *args, **options) -> None:
        actor = acting_user(options["user"])
        survey_round, town = round_of(options["year"]), town_of(options["town"])
        if not scoping.can(actor, Action.VIEW, town):
            raise CommandError(_("%(user)s is not allowed to do this.") % {"user": actor.username})
        if not town_submissions(survey_round, town):
            raise CommandError(_("This town has no forms in this round."))
        out = Path(options["out"])
        try:
            out.write_bytes(survey_template(survey_round, town))
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s") % {"file": out, "error": exc.strerror})
        self.stdout.write(
            _("Wrote the %(year)d workbook of %(town)s to %(file)s.")
            % {"year": survey_round.year, "town": town.name, "file": out}
        )
