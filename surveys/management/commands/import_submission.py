"""Import a town's filled survey workbook into its forms (and submit them with --submit)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from surveys.imports import UploadPlan, upload_apply, upload_plan
from surveys.services import SubmissionInvalid

from ._survey import acting_user, add_user_argument, refused, round_of, town_of


class Command(BaseCommand):
    help = (
        "Import a town's filled Excel workbook into its forms of a round, as a district admin (or --user). "
        "Prints the changes and every problem; on an error nothing is stored."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--town", required=True, metavar="CODE")
        parser.add_argument("--submit", action="store_true", help="Submit the imported forms for review.")
        add_user_argument(parser)

    def handle(self, *args, **options) -> None:
        actor = acting_user(options["user"])
        survey_round, town = round_of(options["year"]), town_of(options["town"])
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror})
        try:
            plan = upload_plan(actor=actor, survey_round=survey_round, town=town, data=data)
        except PermissionDenied as exc:
            raise refused(exc, actor)
        self._print_plan(plan)
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(_("The file has errors; nothing was imported."))
        try:
            submissions = upload_apply(actor=actor, plan=plan, submit=options["submit"])
        except SubmissionInvalid as exc:
            for issue in exc.issues:
                if issue.is_error:
                    self.stderr.write(str(issue))
            raise CommandError(_("A form has errors and cannot be submitted; nothing was imported."))
        except (ValidationError, PermissionDenied) as exc:
            raise refused(exc, actor)
        changed = sorted({s.submission.form for s in plan.sheets if s.changed})
        if changed:
            forms = "、".join(f"表{n}" for n in changed)
            self.stdout.write(_("Saved as drafts: %(forms)s.") % {"forms": forms})
        else:
            self.stdout.write(_("The workbook changes nothing; nothing was saved."))
        if options["submit"]:
            forms = "、".join(f"表{s.form}" for s in submissions)
            self.stdout.write(_("Submitted for review: %(forms)s.") % {"forms": forms})

    def _print_plan(self, plan: UploadPlan) -> None:
        self.stdout.write(
            _("%(town)s (%(code)s), survey of %(year)d:")
            % {"town": plan.town.name, "code": plan.town.code, "year": plan.survey_round.year}
        )
        for sheet in plan.sheets:
            self.stdout.write(
                "  "
                + _("%(sheet)s: cells changed %(changes)d, rows added %(added)d, rows removed %(removed)d")
                % {
                    "sheet": sheet.name,
                    "changes": len(sheet.changes),
                    "added": len(sheet.added),
                    "removed": len(sheet.removed),
                }
            )
            for change in sheet.changes:
                where = f"第{change.row}行 " if change.row else ""
                self.stdout.write(f"    {where}{change.committee} “{change.header}”：{change.old} → {change.new}")
            for row in sheet.added:
                self.stdout.write(f"    + {row}")
            for row in sheet.removed:
                self.stdout.write(f"    - {row}")
        for sheet in plan.skipped:
            if not sheet.changed:
                self.stdout.write(f"  {sheet.name}：{sheet.skipped}")
                continue
            self.stdout.write(
                "  " + _("%(sheet)s: not imported. %(why)s") % {"sheet": sheet.name, "why": sheet.skipped}
            )
            for change in sheet.changes:
                where = f"第{change.row}行 " if change.row else ""
                self.stdout.write(f"    {where}{change.committee} “{change.header}”：{change.old} → {change.new}")
            for problem in sheet.problems:
                self.stdout.write("    " + str(problem))
        for warning in plan.warnings:
            self.stdout.write("  " + str(warning))
        if plan.issues:
            errors, warnings = plan.rule_counts()
            self.stdout.write(
                _(
                    "Checks of the forms after the import: %(errors)d errors (they block submitting), %(warnings)d warnings."
                )
                % {"errors": errors, "warnings": warnings}
            )
            for issue in plan.issues:
                self.stdout.write("  " + str(issue))
