"""Seed the district's two versions of the 五有五好 standard (docs/FORMS.md "Details"): "2011", in force
from 2011-01-01, and "2023 修订", in force from 2023-05-15. Both carry the same ten items; a
later revision is a new version, never an edit of these."""

import datetime

from django.db import migrations

ITEMS = [
    ("有组织班子", "five_haves"),
    ("有骨干队伍", "five_haves"),
    ("有活动阵地", "five_haves"),
    ("有工作制度", "five_haves"),
    ("有活动经费", "five_haves"),
    ("领导班子建设好", "five_goods"),
    ("骨干队伍作用好", "five_goods"),
    ("制度健全执行好", "five_goods"),
    ("活动经常效果好", "five_goods"),
    ("积极探索创新好", "five_goods"),
]

STANDARDS = [
    (
        "2011",
        datetime.date(2011, 1, 1),
        "第二轮“五有五好”村（社区）关工委创建标准",
        "第二轮创建（2011—2017年）使用的标准；条目沿用至2023年修订。",
    ),
    (
        "2023 修订",
        datetime.date(2023, 5, 15),
        "《关于开展对村（社区）关工委“五有五好”建设工作“回头看”的通知》（2023年5月）",
        "“三年巩固深化年”活动中新修订的“五有五好”建设工作标准。",
    ),
]


def seed(apps, schema_editor):
    Standard = apps.get_model("evaluations", "FhfgStandard")
    Item = apps.get_model("evaluations", "FhfgItem")
    for name, effective_from, source, notes in STANDARDS:
        standard, created = Standard.objects.get_or_create(
            name=name, defaults={"effective_from": effective_from, "source": source, "notes": notes}
        )
        if created:
            Item.objects.bulk_create(
                Item(standard=standard, order=order, name=item, group=group)
                for order, (item, group) in enumerate(ITEMS, start=1)
            )


def unseed(apps, schema_editor):
    Standard = apps.get_model("evaluations", "FhfgStandard")
    Item = apps.get_model("evaluations", "FhfgItem")
    names = [s[0] for s in STANDARDS]
    Item.objects.filter(standard__name__in=names).delete()
    Standard.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_standards"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
