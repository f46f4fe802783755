import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from evaluations.models import FhfgGroup, FhfgItem, FhfgStandard
from evaluations.selectors import is_locked, item_names, locked_ids, standard_in_force, standard_items, used_by
from tests.surveys.forms import ITEMS as TEN_ITEMS


def test_the_migration_seeds_both_versions_with_ten_items_in_order(db):
    assert list(FhfgStandard.objects.order_by("effective_from").values_list("name", "effective_from")) == [
        ("2011", datetime.date(2011, 1, 1)),
        ("2023 修订", datetime.date(2023, 5, 15)),
    ]
    for standard in FhfgStandard.objects.all():
        assert item_names(standard) == TEN_ITEMS
        groups = [item.group for item in standard_items(standard)]
        assert groups == [FhfgGroup.FIVE_HAVES] * 5 + [FhfgGroup.FIVE_GOODS] * 5


def test_the_revision_is_in_force_from_its_effective_date(db):
    assert standard_in_force(datetime.date(2023, 5, 15)).name == "2023 修订"
    assert standard_in_force(datetime.date(2023, 12, 31)).name == "2023 修订"


def test_the_older_version_is_in_force_before_the_revision(db):
    assert standard_in_force(datetime.date(2023, 5, 14)).name == "2011"
    assert standard_in_force(datetime.date(2022, 12, 31)).name == "2011"


def test_a_new_version_takes_over_without_changing_the_old_ones(db):
    new = FhfgStandard.objects.create(name="2026 修订", effective_from=datetime.date(2026, 3, 1))
    FhfgItem.objects.create(standard=new, order=1, name="有组织班子")
    assert standard_in_force(datetime.date(2026, 12, 31)) == new
    assert standard_in_force(datetime.date(2025, 12, 31)).name == "2023 修订"
    assert len(item_names(FhfgStandard.objects.get(name="2023 修订"))) == 10


def test_it_says_when_no_version_is_in_force(db):
    with pytest.raises(FhfgStandard.DoesNotExist, match="2000-12-31"):
        standard_in_force(datetime.date(2000, 12, 31))


def test_items_are_prefetched_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        standard = standard_in_force(datetime.date(2024, 12, 31))
        assert item_names(standard)[0] == "有组织班子"


def test_an_item_name_is_unique_within_a_version(db):
    standard = FhfgStandard.objects.get(name="2011")
    with pytest.raises(IntegrityError):
        FhfgItem.objects.create(standard=standard, order=11, name="有组织班子")


def test_changes_are_kept_in_the_history(db):
    item = FhfgItem.objects.get(standard__name="2023 修订", order=1)
    item.name = "有健全的组织班子"
    item.save()
    assert [h.name for h in item.history.all()] == ["有健全的组织班子"]


def test_the_seeded_items_have_codes_by_group_and_equal_weights(db):
    for standard in FhfgStandard.objects.all():
        items = standard_items(standard)
        assert [i.code for i in items] == ["Y1", "Y2", "Y3", "Y4", "Y5", "H1", "H2", "H3", "H4", "H5"]
        assert {i.weight for i in items} == {Decimal("10.00")}
        assert item_names(standard) == TEN_ITEMS


def test_nothing_but_its_own_items_leaves_a_version_unlocked(db):
    standard = FhfgStandard.objects.get(name="2011")
    assert not is_locked(standard) and used_by(standard) == [] and locked_ids() == set()
