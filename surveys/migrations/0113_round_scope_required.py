"""A survey round's scope required once the rounds so far have theirs (0112_round_scope; apart, so
that PostgreSQL alters the table after the rows' updates are committed), and one round per (year, scope)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0112_round_scope"),
    ]

    operations = [
        migrations.AlterField(
            model_name="surveyround",
            name="scope",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="survey_rounds",
                to="committees.committee",
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsurveyround",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AlterField(
            model_name="surveyround",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="year"),
        ),
        migrations.AddConstraint(
            model_name="surveyround",
            constraint=models.UniqueConstraint(fields=("year", "scope"), name="survey_round_year_scope_unique"),
        ),
    ]
