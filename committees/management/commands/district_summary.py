"""Count the open committees of the district, or of one committee's subtree."""

import datetime
import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from committees import ages
from committees.models import Committee
from committees.selectors import SUMMARY_LABELS, subtree_summary

# Labels of the summary's count keys; a key without a label prints as itself.
LABELS = SUMMARY_LABELS


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def build_summary(committee: Committee, on: datetime.date | None = None) -> dict:
    """The summary as a dict, ages at `on` (default: today): later keys are added here, and both
    outputs print them."""
    return dict(subtree_summary(committee, age_on=on))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("%(text)s is not a date like 2024-10-10.") % {"text": text})


class Command(BaseCommand):
    help = "Count the open committees below the district (or below the committee --unit CODE names)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON object.")
        # "--unit" is a public flag, kept under its documented name; in code it is a committee.
        parser.add_argument(
            "--unit",
            dest="committee",
            metavar="CODE",
            help="Code of the committee to count (default: the district); the flag keeps its name --unit.",
        )
        parser.add_argument("--on", metavar="DATE", help="Take ages at DATE, YYYY-MM-DD (default: today).")

    def handle(self, *args, **options) -> None:
        on = _date(options["on"]) if options["on"] else ages.today()
        committee = self._committee(options["committee"])
        summary = build_summary(committee, on)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("Open committees under %(name)s (%(code)s):") % {"name": summary["name"], "code": summary["unit"]}
        )
        rows = [(str(LABELS.get(key, key)), value) for key, value in summary.items() if isinstance(value, int)]
        label_width = max(_width(label) for label, _ in rows)
        for label, value in rows:
            self.stdout.write(f"  {label}{' ' * (label_width - _width(label))}  {value:>6}")
        share = summary.get("backbone_age_70_80_share")
        if share is not None:
            line = _("Backbone aged 70–80 (end of %(year)d): %(share)s")
            self.stdout.write("  " + line % {"year": on.year, "share": f"{share:.1%}"})

    def _committee(self, code: str | None) -> Committee:
        if code is None:
            district = Committee.objects.filter(parent__isnull=True).order_by("display_order", "code").first()
            if district is None:
                raise CommandError(_("There is no district committee yet; run load_demo first."))
            return district
        try:
            return Committee.objects.get(code=code.strip())
        except Committee.DoesNotExist:
            raise CommandError(_("No committee has the code %(code)s.") % {"code": code})
