"""Count the open committees of the district, or of one committee's subtree."""

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError

from committees.models import Committee
from committees.selectors import AGE_REFERENCE_DAY, subtree_summary

# Chinese labels of the summary's count keys; a key without a label prints as itself.
LABELS = {
    "towns": "镇（街道）",
    "villages": "村（社区）",
    "schools": "学校",
    "enterprises": "企业",
    "lines": "条线",
    "backbone": "骨干层“五老”",
    "participants": "参与层“五老”",
    "volunteer_teams": "志愿者团队",
    "village_exec_deputy_five_old": "“五老”任常务副主任的村（社区）",
    "hub_and_points_villages": "一站多点的村（社区）",
}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def build_summary(unit: Committee) -> dict:
    """The summary as a dict: later issues add keys here, and both outputs print them."""
    return dict(subtree_summary(unit))


class Command(BaseCommand):
    help = "Count the open committees below the district (or below --unit CODE)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON object.")
        parser.add_argument("--unit", metavar="CODE", help="Code of the committee to count (default: the district).")

    def handle(self, *args, **options) -> None:
        unit = self._unit(options["unit"])
        summary = build_summary(unit)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{summary['name']}（{summary['unit']}）下属开放的关工委：")
        rows = [(LABELS.get(key, key), value) for key, value in summary.items() if isinstance(value, int)]
        label_width = max(_width(label) for label, _ in rows)
        for label, value in rows:
            self.stdout.write(f"  {label}{' ' * (label_width - _width(label))}  {value:>6}")
        share = summary.get("backbone_age_70_80_share")
        if share is not None:
            self.stdout.write(f"  骨干层中70—80岁（{AGE_REFERENCE_DAY.year}年末）占 {share:.1%}")

    def _unit(self, code: str | None) -> Committee:
        if code is None:
            unit = Committee.objects.filter(parent__isnull=True).order_by("display_order", "code").first()
            if unit is None:
                raise CommandError("还没有区关工委；请先运行 load_demo。")
            return unit
        try:
            return Committee.objects.get(code=code.strip())
        except Committee.DoesNotExist:
            raise CommandError(f"找不到单位编码 {code}")
