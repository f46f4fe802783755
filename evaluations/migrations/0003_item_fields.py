"""The items' code, weight and what counts as each result (达标, 基本达标, 未达标). The seeded
items (0002) get codes by group and order (五有 Y1–Y5, 五好 H1–H5) and equal weights (100 points
shared out); their names stay."""

from decimal import ROUND_HALF_UP, Decimal

import django.core.validators
from django.db import migrations, models

GROUP_LETTERS = {"five_haves": "Y", "five_goods": "H"}


def fill_items(apps, schema_editor):
    """Give each version's items without a code a code and an equal weight (again after a flush:
    load_demo's ensure_reference_data)."""
    Item = apps.get_model("evaluations", "FhfgItem")
    items = list(Item.objects.filter(code="").order_by("standard_id", "order"))
    by_standard = {}
    for item in items:
        by_standard.setdefault(item.standard_id, []).append(item)
    for rows in by_standard.values():
        weight = (Decimal(100) / len(rows)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        counts = {}
        for item in rows:
            letter = GROUP_LETTERS.get(item.group, "X")
            counts[letter] = counts.get(letter, 0) + 1
            item.code = f"{letter}{counts[letter]}"
            item.weight = weight
    Item.objects.bulk_update(items, ["code", "weight"])


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0002_seed_standards'),
    ]

    operations = [
        migrations.AddField(
            model_name='fhfgitem',
            name='code',
            field=models.CharField(blank=True, max_length=10, verbose_name='code'),
        ),
        migrations.AddField(
            model_name='fhfgitem',
            name='criteria_met',
            field=models.TextField(blank=True, verbose_name='what counts as met'),
        ),
        migrations.AddField(
            model_name='fhfgitem',
            name='criteria_not_met',
            field=models.TextField(blank=True, verbose_name='what counts as not met'),
        ),
        migrations.AddField(
            model_name='fhfgitem',
            name='criteria_partly_met',
            field=models.TextField(blank=True, verbose_name='what counts as partly met'),
        ),
        migrations.AddField(
            model_name='fhfgitem',
            name='weight',
            field=models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(0)], verbose_name='weight'),
        ),
        migrations.AddField(
            model_name='historicalfhfgitem',
            name='code',
            field=models.CharField(blank=True, max_length=10, verbose_name='code'),
        ),
        migrations.AddField(
            model_name='historicalfhfgitem',
            name='criteria_met',
            field=models.TextField(blank=True, verbose_name='what counts as met'),
        ),
        migrations.AddField(
            model_name='historicalfhfgitem',
            name='criteria_not_met',
            field=models.TextField(blank=True, verbose_name='what counts as not met'),
        ),
        migrations.AddField(
            model_name='historicalfhfgitem',
            name='criteria_partly_met',
            field=models.TextField(blank=True, verbose_name='what counts as partly met'),
        ),
        migrations.AddField(
            model_name='historicalfhfgitem',
            name='weight',
            field=models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(0)], verbose_name='weight'),
        ),
        migrations.RunPython(fill_items, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='fhfgitem',
            constraint=models.UniqueConstraint(condition=models.Q(('code', ''), _negated=True), fields=('standard', 'code'), name='fhfg_item_code_unique'),
        ),
    ]
