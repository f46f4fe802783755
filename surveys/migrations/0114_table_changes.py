"""The triggers that count the writes to the tables the completeness page's counts read
(committees.kept): the round's submissions, the rounds and the towns' extensions."""

from django.db import migrations

from committees import kept

# The tables as this migration found them (surveys.apps tracks them).
TABLES = ("surveys_submission", "surveys_surveyround", "surveys_townextension")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0113_round_scope_required"),
        ("committees", "0015_table_changes"),
    ]

    operations = [kept.counting_triggers(TABLES)]
