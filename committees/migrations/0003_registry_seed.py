"""Seed the backbone roles (五大员) and a starting set of points rules; both are data the district may edit."""

from decimal import Decimal

from django.db import migrations

BACKBONE_ROLES = ["宣传员", "辅导员", "监督员", "帮扶员", "信息员"]

POINTS_RULES = [
    ("service-year", "服务年限（每满一年）", Decimal("10"), "per_year", ""),
    ("award-district", "获区级表彰", Decimal("20"), "per_award", "区级"),
    ("award-city", "获市级表彰", Decimal("40"), "per_award", "市级"),
    ("award-province", "获省级及以上表彰", Decimal("80"), "per_award", "省级及以上"),
    ("activity", "参加一次志愿服务活动", Decimal("1"), "per_activity", ""),
]


def seed(apps, schema_editor):
    BackboneRole = apps.get_model("committees", "BackboneRole")
    PointsRule = apps.get_model("committees", "PointsRule")
    for order, name in enumerate(BACKBONE_ROLES, start=1):
        BackboneRole.objects.get_or_create(name=name, defaults={"display_order": order})
    for code, name, points, basis, grade in POINTS_RULES:
        PointsRule.objects.get_or_create(
            code=code, defaults={"name": name, "points": points, "basis": basis, "grade": grade}
        )


def unseed(apps, schema_editor):
    apps.get_model("committees", "BackboneRole").objects.filter(name__in=BACKBONE_ROLES, volunteers=None).delete()
    apps.get_model("committees", "PointsRule").objects.filter(
        code__in=[r[0] for r in POINTS_RULES], entries=None
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0002_registry"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
