"""Open a survey round: one submission per town per form, prefilled from the registry."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees.models import Committee
from surveys import services
from surveys.models import Submission

from ._survey import acting_user, add_user_argument, refused


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("%(text)s is not a date like 2024-10-10.") % {"text": text})


def _forms(text: str) -> list[int]:
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CommandError(_("--forms takes form numbers separated by commas, like 1,2,3."))


def _scope(code: str | None) -> Committee | None:
    if not code:
        return None
    scope = Committee.objects.filter(code=code).first()
    if scope is None:
        raise CommandError(_("There is no committee with the code %(code)s.") % {"code": code})
    return scope


class Command(BaseCommand):
    help = "Open the survey round of a year, as a district admin (or --user)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--deadline", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--opened-on", metavar="YYYY-MM-DD", help="Default: today, or the deadline if earlier.")
        parser.add_argument("--forms", metavar="1,2,3", help="The forms to survey (default: all five).")
        parser.add_argument(
            "--data-year", type=int, help="The year the money and activity figures describe (default: year - 1)."
        )
        parser.add_argument(
            "--scope",
            metavar="CODE",
            help="The code of the district, city or province whose towns the round asks (default: the tree's root).",
        )
        add_user_argument(parser)

    def handle(self, *args, **options) -> None:
        actor = acting_user(options["user"])
        deadline = _date(options["deadline"])
        opened_on = _date(options["opened_on"]) if options["opened_on"] else None
        forms = _forms(options["forms"]) if options["forms"] else None
        try:
            survey_round = services.round_open(
                actor=actor,
                year=options["year"],
                deadline=deadline,
                opened_on=opened_on,
                forms=forms,
                data_year=options["data_year"],
                scope=_scope(options["scope"]),
            )
        except (ValidationError, PermissionDenied) as exc:
            raise refused(exc, actor)
        towns = Submission.objects.filter(survey_round=survey_round).values("town").distinct().count()
        self.stdout.write(
            _("Opened the %(year)d round: %(towns)d towns, forms %(forms)s, deadline %(deadline)s.")
            % {
                "year": survey_round.year,
                "towns": towns,
                "forms": ", ".join(str(n) for n in survey_round.enabled_forms),
                "deadline": survey_round.deadline.isoformat(),
            }
        )
