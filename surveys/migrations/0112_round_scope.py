"""A survey round's scope: the committee whose towns it asks, unique per (year, scope). The rounds
so far asked every town of the tree: their scope is the tree's root (a district, or the province
or city above the districts)."""

import django.db.models.deletion
from django.db import migrations, models

UPPER = ("district", "city", "province")


def scope_fill(apps, schema_editor):
    Committee = apps.get_model("committees", "Committee")
    SurveyRound = apps.get_model("surveys", "SurveyRound")
    HistoricalSurveyRound = apps.get_model("surveys", "HistoricalSurveyRound")
    if not SurveyRound.objects.exists():
        return
    root = Committee.objects.filter(parent__isnull=True, kind__in=UPPER).order_by("path").first()
    if root is None:
        raise RuntimeError("Survey rounds exist but the tree has no district, city or province at its root.")
    SurveyRound.objects.update(scope=root)
    HistoricalSurveyRound.objects.update(scope=root)


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0013_list_indexes"),
        ("surveys", "0111_report_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyround",
            name="scope",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_rounds",
                to="committees.committee",
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="historicalsurveyround",
            name="scope",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="committees.committee",
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(scope_fill, migrations.RunPython.noop),
    ]
