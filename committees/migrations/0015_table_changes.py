"""The counts of writes to the registry's tables (committees.models.TableChange) and the triggers
that keep them (committees.kept.create_triggers): every write to a registry table moves its count,
whoever writes, so that committees.kept knows when a kept result is no longer the database's."""

from django.db import migrations, models

from committees import kept

# The tables as this migration found them (a table added later gets its triggers in a migration
# of its own).
TABLES = (
    "committees_committee",
    "committees_roleassignment",
    "committees_meeting",
    "committees_meeting_participants",
    "committees_meetingnorm",
    "committees_person",
    "committees_post",
    "committees_backbonerole",
    "committees_volunteer",
    "committees_volunteer_backbone_roles",
    "committees_pointsrule",
    "committees_pointsentry",
    "committees_volunteerteam",
    "committees_volunteerteam_members",
    "committees_tutoringstation",
    "committees_reviewsetting",
    "committees_exitentrydecision",
)


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0014_committee_kind_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='TableChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('table', models.CharField(max_length=63)),
                ('weight', models.PositiveBigIntegerField(default=1)),
            ],
            options={
                'verbose_name': 'table change',
                'default_permissions': (),
                'indexes': [models.Index(fields=['table'], name='tablechange_table')],
            },
        ),
        kept.counting_triggers(TABLES),
    ]
