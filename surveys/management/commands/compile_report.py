"""Compile the district report (or one town's) of a round at once, as a district admin (or --user).

It runs what the Celery task runs, in this process, with a progress line on the terminal, and
copies the files to --out.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees.models import UPPER_KINDS, Committee
from committees.work_labels import stage_label
from surveys.report.models import ReportRun
from surveys.report.runs import FORMATS, parse_formats, report_run_execute, report_run_start

from ._survey import acting_user, add_user_argument, refused, round_of, town_of

BAR = 30


def district() -> Committee:
    found = (
        Committee.objects.filter(kind__in=UPPER_KINDS, parent__isnull=True).order_by("display_order", "code").first()
    )
    if found is None:
        raise CommandError(_("There is no district committee yet; run load_demo first."))
    return found


class Command(BaseCommand):
    help = "Compile the report of a survey round from its approved forms (the district, or --town CODE)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True, help="The round's year.")
        parser.add_argument("--town", metavar="CODE", help="Compile this town's own report (default: the district).")
        parser.add_argument("--out", metavar="DIR", help="Copy the files to this folder (created if needed).")
        parser.add_argument(
            "--format",
            default=",".join(FORMATS),
            help=f"Comma-separated formats among {', '.join(FORMATS)} (default: all).",
        )
        parser.add_argument("--title", default="", help="The Word draft's title (default: see surveys.report.titles).")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="The draft's date (default: deadline).",
        )
        add_user_argument(parser)

    def handle(self, *args, **options) -> None:
        user = acting_user(options["user"])
        survey_round = round_of(options["year"])
        scope = town_of(options["town"]) if options["town"] else district()
        asked = [f.strip().lower() for f in options["format"].split(",") if f.strip()]
        try:
            parse_formats(asked)
            run = report_run_start(
                actor=user,
                survey_round=survey_round,
                scope=scope,
                formats=asked,
                queue=False,
                title=options["title"],
                report_date=options["date"],
            )
        except (ValidationError, PermissionDenied) as exc:
            raise refused(exc, user) from exc

        result = report_run_execute(run, progress=self._progress)
        if run.status != ReportRun.Status.DONE:
            raise CommandError(_("The report could not be compiled: %(error)s") % {"error": run.error})
        for fmt in result.skipped:
            self.stderr.write(_("No builder for the %(format)s format yet; skipped.") % {"format": fmt})
        files = {f.format: f for f in run.files.all()}
        out = Path(options["out"]) if options["out"] else None
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        for fmt in asked:
            stored = files.get(fmt)
            if stored is None:
                continue
            if out is None:
                self.stdout.write(stored.file.path)
                continue
            target = out / stored.filename
            with stored.file.open("rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            self.stdout.write(str(target))
        self.stdout.write(
            self.style.SUCCESS(
                _("Report run #%(run)d compiled in %(seconds).1f s.") % {"run": run.pk, "seconds": run.seconds or 0}
            )
        )

    def _progress(self, percent: int, stage: str) -> None:
        done = BAR * percent // 100
        line = f"[{'#' * done}{' ' * (BAR - done)}] {percent:3d}% {stage_label(stage)}"
        if self.stdout.isatty():
            self.stdout.write("\r" + line.ljust(BAR + 40), ending="\n" if percent >= 100 or stage == "failed" else "")
            self.stdout.flush()
        else:
            self.stdout.write(line)
