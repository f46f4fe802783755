"""Campaigns (三年巩固深化年): years with target shares, who checks whom, plaques; seeds Jiangsu's
2023–2025 campaign under the May 2023 revision of the standard (targets 25%, 35%, 40%: 100% by 2025;
districts check towns, towns check villages). The figures are data, edited on the settings pages."""

import committees.validators
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


CAMPAIGN = {
    "name": "“五有五好”基层关工委建设“三年巩固深化年”",
    "first_year": 2023,
    "last_year": 2025,
    "plaque_title": "新时代五有五好基层关工委",
    "source": "省、市关工委关于开展“五有五好”基层关工委建设“三年巩固深化年”活动的要求",
    "notes": "每年一定比例的基层关工委按新修订标准通过验收并授牌；区查镇（街道），镇（街道）查村（社区）。",
}
TARGETS = [(2023, 25), (2024, 35), (2025, 40)]
CHECKS = [("town", "district"), ("village", "town")]  # (level checked, level checking)
STANDARD = "2023 修订"


def seed(apps, schema_editor):
    Standard = apps.get_model("evaluations", "FhfgStandard")
    Campaign = apps.get_model("evaluations", "Campaign")
    standard = Standard.objects.filter(name=STANDARD).first()
    if standard is None or Campaign.objects.filter(name=CAMPAIGN["name"]).exists():
        return
    campaign = Campaign.objects.create(standard=standard, **CAMPAIGN)
    Year = apps.get_model("evaluations", "CampaignYear")
    Year.objects.bulk_create(Year(campaign=campaign, year=year, target=target) for year, target in TARGETS)
    Check = apps.get_model("evaluations", "CampaignCheck")
    Check.objects.bulk_create(
        Check(campaign=campaign, checked_level=checked, checking_level=checking) for checked, checking in CHECKS
    )


def unseed(apps, schema_editor):
    Campaign = apps.get_model("evaluations", "Campaign")
    for campaign in Campaign.objects.filter(name=CAMPAIGN["name"]):
        campaign.years.all().delete()
        campaign.checks.all().delete()
        campaign.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('committees', '0008_post_resident'),
        ('evaluations', '0005_draws'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Campaign',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100, unique=True, validators=[committees.validators.validate_single_line], verbose_name='name')),
                ('first_year', models.PositiveSmallIntegerField(verbose_name='first year')),
                ('last_year', models.PositiveSmallIntegerField(verbose_name='last year')),
                ('plaque_title', models.CharField(blank=True, max_length=100, validators=[committees.validators.validate_single_line], verbose_name='plaque title')),
                ('source', models.CharField(blank=True, max_length=200, validators=[committees.validators.validate_single_line], verbose_name='source document')),
                ('notes', models.TextField(blank=True, validators=[committees.validators.validate_text], verbose_name='notes')),
                ('standard', models.ForeignKey(help_text='Units pass acceptance under this version or a later one.', on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='evaluations.fhfgstandard', verbose_name='standard version')),
            ],
            options={
                'verbose_name': 'campaign',
                'verbose_name_plural': 'campaigns',
                'ordering': ['-first_year', 'name'],
            },
        ),
        migrations.CreateModel(
            name='CampaignCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_level', models.CharField(choices=[('district', 'the district'), ('town', 'towns and subdistricts'), ('village', 'villages and communities')], max_length=10, verbose_name='level checked')),
                ('checking_level', models.CharField(choices=[('district', 'the district'), ('town', 'towns and subdistricts'), ('village', 'villages and communities')], max_length=10, verbose_name='level checking')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='checks', to='evaluations.campaign', verbose_name='campaign')),
            ],
            options={
                'verbose_name': 'who checks whom',
                'verbose_name_plural': 'who checks whom',
                'ordering': ['campaign', 'checking_level'],
            },
        ),
        migrations.CreateModel(
            name='CampaignYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('target', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='target share (%)')),
                ('notes', models.CharField(blank=True, max_length=200, validators=[committees.validators.validate_single_line], verbose_name='notes')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='years', to='evaluations.campaign', verbose_name='campaign')),
            ],
            options={
                'verbose_name': 'campaign year',
                'verbose_name_plural': 'campaign years',
                'ordering': ['campaign', 'year'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalCampaign',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(db_index=True, max_length=100, validators=[committees.validators.validate_single_line], verbose_name='name')),
                ('first_year', models.PositiveSmallIntegerField(verbose_name='first year')),
                ('last_year', models.PositiveSmallIntegerField(verbose_name='last year')),
                ('plaque_title', models.CharField(blank=True, max_length=100, validators=[committees.validators.validate_single_line], verbose_name='plaque title')),
                ('source', models.CharField(blank=True, max_length=200, validators=[committees.validators.validate_single_line], verbose_name='source document')),
                ('notes', models.TextField(blank=True, validators=[committees.validators.validate_text], verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('standard', models.ForeignKey(blank=True, db_constraint=False, help_text='Units pass acceptance under this version or a later one.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.fhfgstandard', verbose_name='standard version')),
            ],
            options={
                'verbose_name': 'historical campaign',
                'verbose_name_plural': 'historical campaigns',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCampaignCheck',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('checked_level', models.CharField(choices=[('district', 'the district'), ('town', 'towns and subdistricts'), ('village', 'villages and communities')], max_length=10, verbose_name='level checked')),
                ('checking_level', models.CharField(choices=[('district', 'the district'), ('town', 'towns and subdistricts'), ('village', 'villages and communities')], max_length=10, verbose_name='level checking')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.campaign', verbose_name='campaign')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical who checks whom',
                'verbose_name_plural': 'historical who checks whom',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalCampaignYear',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('target', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='target share (%)')),
                ('notes', models.CharField(blank=True, max_length=200, validators=[committees.validators.validate_single_line], verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.campaign', verbose_name='campaign')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical campaign year',
                'verbose_name_plural': 'historical campaign years',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPlaque',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='campaign year')),
                ('awarded_on', models.DateField(verbose_name='awarded on')),
                ('notes', models.CharField(blank=True, max_length=200, validators=[committees.validators.validate_single_line], verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('awarded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='committees.committee', verbose_name='awarded by')),
                ('campaign', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.campaign', verbose_name='campaign')),
                ('committee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='committees.committee', verbose_name='committee')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('review', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='evaluations.review', verbose_name='acceptance review')),
            ],
            options={
                'verbose_name': 'historical plaque',
                'verbose_name_plural': 'historical plaques',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Plaque',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='campaign year')),
                ('awarded_on', models.DateField(verbose_name='awarded on')),
                ('notes', models.CharField(blank=True, max_length=200, validators=[committees.validators.validate_single_line], verbose_name='notes')),
                ('awarded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='committees.committee', verbose_name='awarded by')),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plaques', to='evaluations.campaign', verbose_name='campaign')),
                ('committee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='fhfg_plaques', to='committees.committee', verbose_name='committee')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plaques', to='evaluations.review', verbose_name='acceptance review')),
            ],
            options={
                'verbose_name': 'plaque',
                'verbose_name_plural': 'plaques',
                'ordering': ['campaign', 'year', 'committee__path'],
            },
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('last_year__gte', models.F('first_year'))), name='evaluations_campaign_years'),
        ),
        migrations.AddConstraint(
            model_name='campaigncheck',
            constraint=models.UniqueConstraint(fields=('campaign', 'checked_level'), name='evaluations_campaign_check_unique'),
        ),
        migrations.AddConstraint(
            model_name='campaignyear',
            constraint=models.UniqueConstraint(fields=('campaign', 'year'), name='evaluations_campaign_year_unique'),
        ),
        migrations.AddConstraint(
            model_name='plaque',
            constraint=models.UniqueConstraint(fields=('campaign', 'committee'), name='evaluations_plaque_once_per_campaign'),
        ),
        migrations.RunPython(seed, unseed),
    ]
