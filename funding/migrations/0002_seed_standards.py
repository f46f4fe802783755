"""Seed the funding standards (docs/FORMS.md "Details"): the 2019 notice (town 8–10, village or
community 3–5 万元 a year, from 2019) and the standard before it (town 5, village 2, to 2018)."""

from decimal import Decimal

from django.db import migrations

NOTICE_2019 = "《关于明确基层关工委工作经费和“五老”驻会主任、副主任工作补贴的通知》（2019年，区委组织部、区关工委等五部门）"
EARLIER = "2019年前执行的基层关工委工作经费标准"

STANDARDS = [
    ("town", Decimal("5.00"), Decimal("5.00"), 2001, 2018, EARLIER),
    ("village", Decimal("2.00"), Decimal("2.00"), 2001, 2018, EARLIER),
    ("town", Decimal("8.00"), Decimal("10.00"), 2019, None, NOTICE_2019),
    ("village", Decimal("3.00"), Decimal("5.00"), 2019, None, NOTICE_2019),
]


def seed(apps, schema_editor):
    Standard = apps.get_model("funding", "FundingStandard")
    for level, lower, upper, first_year, last_year, source in STANDARDS:
        Standard.objects.get_or_create(
            level=level,
            first_year=first_year,
            defaults={"lower": lower, "upper": upper, "last_year": last_year, "source": source},
        )


def unseed(apps, schema_editor):
    Standard = apps.get_model("funding", "FundingStandard")
    for level, _lower, _upper, first_year, _last, _source in STANDARDS:
        Standard.objects.filter(level=level, first_year=first_year).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0001_standards"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
