"""load_demo seeds again the reference rows a flushed database has lost, and never touches edited ones."""

from decimal import Decimal

from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from committees.models import ReviewKey, ReviewSetting
from evaluations.models import Campaign, FhfgItem, FhfgStandard
from funding.models import FundingStandard
from surveys.management.commands.load_demo import REFERENCE_DATA, ensure_reference_data
from surveys.models import ProblemRule


def test_it_seeds_empty_reference_tables_again(db):
    Campaign.objects.all().delete()  # its years and who-checks-whom go with it; it holds a standard
    FhfgItem.objects.all().delete()
    FhfgStandard.objects.all().delete()
    FundingStandard.objects.all().delete()
    ensure_reference_data()
    assert FhfgStandard.objects.count() == 2
    assert FhfgItem.objects.count() == 20
    assert set(FhfgItem.objects.values_list("code", flat=True)) == {
        "Y1",
        "Y2",
        "Y3",
        "Y4",
        "Y5",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
    }
    assert FundingStandard.objects.filter(level="town", first_year=2019).exists()
    campaign = Campaign.objects.get(first_year=2023)
    assert (campaign.standard.name, campaign.years.count(), campaign.checks.count()) == ("2023 修订", 3, 2)


def test_it_leaves_a_threshold_an_admin_edited(db):
    ProblemRule.objects.filter(code="backbone_aging").update(threshold=Decimal("0.6"))
    ensure_reference_data()
    assert ProblemRule.objects.get(code="backbone_aging").threshold == Decimal("0.6")


def test_it_seeds_every_problem_rule_again(db):
    ProblemRule.objects.all().delete()
    ensure_reference_data()
    assert ProblemRule.objects.filter(code="figures_unchanged", threshold=Decimal("3")).exists()
    assert ProblemRule.objects.filter(code="rectification_overdue", threshold=None).exists()
    assert ProblemRule.objects.count() == 8


# Data migrations that change the rows a database already has (nothing to seed in an empty table).
BACKFILLS = {("surveys", "0104_town_extension"), ("surveys", "0109_round_data_year"), ("surveys", "0112_round_scope")}
# Migrations whose code builds schema a flush keeps: the write-counting triggers (committees.kept).
SCHEMA = {("committees", "0015_table_changes"), ("surveys", "0114_table_changes")}


def test_every_seeding_migration_is_seeded_again(db):
    """A migration that seeds rows has its seed in REFERENCE_DATA: a test flushed by a live
    server loses them, and the next test in the same process must find them back."""
    listed = {(module, function) for _label, module, function in REFERENCE_DATA}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    seeds = {
        (f"{app}.migrations.{name}", operation.code.__name__)
        for (app, name), migration in loader.disk_migrations.items()
        if app in {"committees", "evaluations", "funding", "surveys"} and (app, name) not in BACKFILLS | SCHEMA
        for operation in migration.operations
        if isinstance(operation, RunPython)
    }
    assert seeds and seeds <= listed, sorted(seeds - listed)


def test_the_review_settings_are_seeded_again(db):
    ReviewSetting.objects.all().delete()
    ensure_reference_data()
    assert ReviewSetting.objects.filter(key=ReviewKey.AGE_LIMIT).exists()
