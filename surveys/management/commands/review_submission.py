"""Approve a town's submitted form, or return it with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from surveys import services
from surveys.models import Submission

from ._survey import acting_user, add_user_argument, refused, round_of, town_of


class Command(BaseCommand):
    help = "Approve a town's submitted form, or return it with a reason, as a district admin (or --user)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--town", required=True, metavar="CODE")
        parser.add_argument("--form", type=int, required=True, metavar="N")
        verdict = parser.add_mutually_exclusive_group(required=True)
        verdict.add_argument("--approve", action="store_true")
        verdict.add_argument("--return", dest="reason", metavar="REASON")
        add_user_argument(parser)

    def handle(self, *args, **options) -> None:
        actor = acting_user(options["user"])
        survey_round, town = round_of(options["year"]), town_of(options["town"])
        submission = (
            Submission.objects.select_related("survey_round", "town")
            .filter(survey_round=survey_round, town=town, form=options["form"])
            .first()
        )
        if submission is None:
            raise CommandError(_("This town has no form %(form)d in this round.") % {"form": options["form"]})
        try:
            if options["approve"]:
                submission = services.submission_approve(actor=actor, submission=submission)
            else:
                submission = services.submission_return(actor=actor, submission=submission, reason=options["reason"])
        except (ValidationError, PermissionDenied) as exc:
            raise refused(exc, actor)
        self.stdout.write(
            _("%(town)s, form %(form)d of %(year)d: %(state)s.")
            % {
                "town": town.name,
                "form": submission.form,
                "year": survey_round.year,
                "state": submission.get_state_display(),
            }
        )
