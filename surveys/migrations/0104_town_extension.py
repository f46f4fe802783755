"""Extensions per town and round (TownExtension) instead of per form (Submission.extended_until).

Each town's existing per-form extensions become one: the latest date among its forms, with who
granted it, when and why from the last extension step of its forms' workflow."""

import committees.validators
import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def extensions_per_town(apps, schema_editor):
    Submission = apps.get_model("surveys", "Submission")
    SubmissionTransition = apps.get_model("surveys", "SubmissionTransition")
    TownExtension = apps.get_model("surveys", "TownExtension")
    latest: dict[tuple[int, int], object] = {}
    for round_id, town_id, until in Submission.objects.exclude(extended_until=None).values_list(
        "survey_round_id", "town_id", "extended_until"
    ):
        key = (round_id, town_id)
        latest[key] = max(until, latest.get(key, until))
    for (round_id, town_id), until in latest.items():
        step = (
            SubmissionTransition.objects.filter(
                submission__survey_round_id=round_id, submission__town_id=town_id, action="extend"
            )
            .order_by("-at", "-pk")
            .first()
        )
        TownExtension.objects.create(
            survey_round_id=round_id,
            town_id=town_id,
            until=until,
            reason=step.reason if step else "",
            granted_by_id=step.by_id if step else None,
            granted_at=step.at if step else django.utils.timezone.now(),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0007_text_validators"),
        ("surveys", "0103_text_validators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalTownExtension",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("until", models.DateField(verbose_name="extended until")),
                (
                    "reason",
                    models.TextField(
                        blank=True, validators=[committees.validators.validate_text], verbose_name="reason"
                    ),
                ),
                ("granted_at", models.DateTimeField(verbose_name="granted at")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="granted by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "survey_round",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="surveys.surveyround",
                        verbose_name="survey round",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                        verbose_name="town",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical extension",
                "verbose_name_plural": "historical extensions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TownExtension",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("until", models.DateField(verbose_name="extended until")),
                (
                    "reason",
                    models.TextField(
                        blank=True, validators=[committees.validators.validate_text], verbose_name="reason"
                    ),
                ),
                ("granted_at", models.DateTimeField(verbose_name="granted at")),
                (
                    "granted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="granted by",
                    ),
                ),
                (
                    "survey_round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extensions",
                        to="surveys.surveyround",
                        verbose_name="survey round",
                    ),
                ),
                (
                    "town",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="committees.committee",
                        verbose_name="town",
                    ),
                ),
            ],
            options={
                "verbose_name": "extension",
                "verbose_name_plural": "extensions",
                "ordering": ["survey_round_id", "town_id"],
                "constraints": [
                    models.UniqueConstraint(fields=("survey_round", "town"), name="town_extension_one_per_round")
                ],
            },
        ),
        migrations.RunPython(extensions_per_town, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="historicalsubmission",
            name="extended_until",
        ),
        migrations.RemoveField(
            model_name="submission",
            name="extended_until",
        ),
    ]
