"""Compile the district report (or one town's) of a round at once, as a district admin (or --user).

It runs what the Celery task runs, in this process, with a progress line on the terminal, and
copies the files to --out. With --workers it queues the run to the Celery workers instead (as the
report page does), waits for it, and says which worker built each part (docs/DEPLOY.md).
"""

from __future__ import annotations

import datetime
import shutil
import time
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
        parser.add_argument(
            "--workers",
            action="store_true",
            help="Queue the run to the Celery workers (CELERY_BROKER_URL) and wait for it, instead of compiling here.",
        )
        parser.add_argument("--wait", type=float, default=600, help="With --workers: seconds to wait (default 600).")
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
                queue=options["workers"],
                title=options["title"],
                report_date=options["date"],
            )
        except (ValidationError, PermissionDenied) as exc:
            raise refused(exc, user) from exc

        if options["workers"]:
            self._wait(run, options["wait"])
        else:
            result = report_run_execute(run, progress=self._progress)
            for fmt in result.skipped:
                self.stderr.write(_("No builder for the %(format)s format yet; skipped.") % {"format": fmt})
        if run.status != ReportRun.Status.DONE:
            raise CommandError(_("The report could not be compiled: %(error)s") % {"error": run.error})
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

    def _wait(self, run: ReportRun, seconds: float) -> None:
        """Follow a queued run until it ends (its progress as it changes), then say who built what."""
        deadline = time.monotonic() + seconds
        seen = None
        while not run.is_finished:
            if time.monotonic() > deadline:
                raise CommandError(
                    _("Report run #%(run)d is still %(status)s after %(seconds)d s: are the workers running?")
                    % {"run": run.pk, "status": run.get_status_display(), "seconds": seconds}
                )
            if (run.progress, run.stage) != seen:
                seen = (run.progress, run.stage)
                self._progress(*seen)
            time.sleep(0.2)
            run.refresh_from_db()
        for part in run.parts.order_by("key"):
            took = (part.finished_at - part.started_at).total_seconds() if part.finished_at and part.started_at else 0
            self.stdout.write(
                _("Part %(part)s: built by %(worker)s in %(seconds).1f s.")
                % {"part": part.key, "worker": part.worker or "-", "seconds": took}
            )

    def _progress(self, percent: int, stage: str) -> None:
        done = BAR * percent // 100
        line = f"[{'#' * done}{' ' * (BAR - done)}] {percent:3d}% {stage_label(stage)}"
        if self.stdout.isatty():
            self.stdout.write("\r" + line.ljust(BAR + 40), ending="\n" if percent >= 100 or stage == "failed" else "")
            self.stdout.flush()
        else:
            self.stdout.write(line)
