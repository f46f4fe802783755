"""The meetings and visits log, and the expected meetings a year (a settings table, seeded with the
district's system: directors weekly, executive deputies quarterly, the work conference yearly,
research visits at least twice)."""

import committees.validators
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


# (kind, level, expected a year)
NORMS = [
    ("directors", "district", 52),
    ("exec_deputies", "district", 4),
    ("conference", "district", 1),
    ("visit", "district", 2),
    ("exec_deputies", "town", 4),
    ("visit", "town", 2),
]


def seed(apps, schema_editor):
    MeetingNorm = apps.get_model("committees", "MeetingNorm")
    for kind, level, expected in NORMS:
        MeetingNorm.objects.get_or_create(kind=kind, level=level, defaults={"expected": expected})


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0008_post_resident"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalMeeting",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("directors", "directors' meeting"),
                            ("exec_deputies", "executive deputies' meeting"),
                            ("conference", "district work conference"),
                            ("joint", "joint meeting with member departments"),
                            ("consultation", "thematic consultation"),
                            ("visit", "research visit"),
                        ],
                        max_length=16,
                        verbose_name="kind of meeting",
                    ),
                ),
                ("date", models.DateField(verbose_name="meeting date")),
                (
                    "topics",
                    models.CharField(
                        max_length=300, validators=[committees.validators.validate_single_line], verbose_name="topics"
                    ),
                ),
                (
                    "decisions",
                    models.TextField(
                        blank=True, validators=[committees.validators.validate_text], verbose_name="decisions"
                    ),
                ),
                (
                    "findings",
                    models.TextField(
                        blank=True, validators=[committees.validators.validate_text], verbose_name="visit findings"
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "convenor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                        verbose_name="convened by",
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
            ],
            options={
                "verbose_name": "historical meeting or visit",
                "verbose_name_plural": "historical meetings and visits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeetingNorm",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("directors", "directors' meeting"),
                            ("exec_deputies", "executive deputies' meeting"),
                            ("conference", "district work conference"),
                            ("joint", "joint meeting with member departments"),
                            ("consultation", "thematic consultation"),
                            ("visit", "research visit"),
                        ],
                        max_length=16,
                        verbose_name="kind of meeting",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("district", "the district committee"), ("town", "each town")],
                        max_length=16,
                        verbose_name="held by",
                    ),
                ),
                (
                    "expected",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(366),
                        ],
                        verbose_name="expected a year",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical expected meetings",
                "verbose_name_plural": "historical expected meetings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Meeting",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("directors", "directors' meeting"),
                            ("exec_deputies", "executive deputies' meeting"),
                            ("conference", "district work conference"),
                            ("joint", "joint meeting with member departments"),
                            ("consultation", "thematic consultation"),
                            ("visit", "research visit"),
                        ],
                        max_length=16,
                        verbose_name="kind of meeting",
                    ),
                ),
                ("date", models.DateField(verbose_name="meeting date")),
                (
                    "topics",
                    models.CharField(
                        max_length=300, validators=[committees.validators.validate_single_line], verbose_name="topics"
                    ),
                ),
                (
                    "decisions",
                    models.TextField(
                        blank=True, validators=[committees.validators.validate_text], verbose_name="decisions"
                    ),
                ),
                (
                    "findings",
                    models.TextField(
                        blank=True, validators=[committees.validators.validate_text], verbose_name="visit findings"
                    ),
                ),
                (
                    "convenor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="meetings_convened",
                        to="committees.committee",
                        verbose_name="convened by",
                    ),
                ),
                (
                    "participants",
                    models.ManyToManyField(
                        blank=True,
                        related_name="meetings_attended",
                        to="committees.committee",
                        verbose_name="committees taking part or visited",
                    ),
                ),
            ],
            options={
                "verbose_name": "meeting or visit",
                "verbose_name_plural": "meetings and visits",
                "ordering": ["-date", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMeeting_participants",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "committee",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.committee",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="committees.historicalmeeting",
                    ),
                ),
                (
                    "meeting",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="committees.meeting",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalMeeting_participants",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MeetingNorm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("directors", "directors' meeting"),
                            ("exec_deputies", "executive deputies' meeting"),
                            ("conference", "district work conference"),
                            ("joint", "joint meeting with member departments"),
                            ("consultation", "thematic consultation"),
                            ("visit", "research visit"),
                        ],
                        max_length=16,
                        verbose_name="kind of meeting",
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        choices=[("district", "the district committee"), ("town", "each town")],
                        max_length=16,
                        verbose_name="held by",
                    ),
                ),
                (
                    "expected",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(366),
                        ],
                        verbose_name="expected a year",
                    ),
                ),
            ],
            options={
                "verbose_name": "expected meetings",
                "verbose_name_plural": "expected meetings",
                "ordering": ["level", "kind"],
                "constraints": [models.UniqueConstraint(fields=("kind", "level"), name="meeting_norm_kind_level")],
            },
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["convenor", "kind", "date"], name="committees__conveno_2fa522_idx"),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
