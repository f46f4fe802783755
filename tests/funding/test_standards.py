from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from committees.models import Kind
from funding.models import FundingLevel, FundingStandard
from funding.selectors import level_for_kind, standard_for, standards_for_year


def bounds(standard: FundingStandard) -> tuple[Decimal, Decimal]:
    return standard.lower, standard.upper


def test_the_2019_notice_applies_from_2019(db):
    assert bounds(standard_for(FundingLevel.TOWN, 2019)) == (Decimal("8.00"), Decimal("10.00"))
    assert bounds(standard_for(FundingLevel.VILLAGE, 2023)) == (Decimal("3.00"), Decimal("5.00"))
    assert "2019" in standard_for(FundingLevel.TOWN, 2024).source


def test_the_earlier_standard_applies_up_to_2018(db):
    assert bounds(standard_for(FundingLevel.TOWN, 2018)) == (Decimal("5.00"), Decimal("5.00"))
    assert bounds(standard_for(FundingLevel.VILLAGE, 2012)) == (Decimal("2.00"), Decimal("2.00"))


def test_there_is_no_standard_before_the_first_one(db):
    assert standard_for(FundingLevel.TOWN, 1999) is None


def test_standards_for_a_year_gives_each_level_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = standards_for_year(2023)
    assert {level: bounds(s) for level, s in found.items()} == {
        FundingLevel.TOWN: (Decimal("8.00"), Decimal("10.00")),
        FundingLevel.VILLAGE: (Decimal("3.00"), Decimal("5.00")),
    }


def test_a_new_notice_ends_the_open_one_and_takes_over(db):
    FundingStandard.objects.filter(level=FundingLevel.TOWN, first_year=2019).update(last_year=2025)
    FundingStandard.objects.create(
        level=FundingLevel.TOWN, lower=Decimal("10"), upper=Decimal("12"), first_year=2026, source="2026 通知"
    )
    assert bounds(standard_for(FundingLevel.TOWN, 2025)) == (Decimal("8.00"), Decimal("10.00"))
    assert bounds(standard_for(FundingLevel.TOWN, 2026)) == (Decimal("10.00"), Decimal("12.00"))


def test_clean_refuses_overlapping_years(db):
    standard = FundingStandard(level=FundingLevel.VILLAGE, lower=Decimal("4"), upper=Decimal("6"), first_year=2024)
    with pytest.raises(ValidationError) as exc:
        standard.full_clean()
    assert "first_year" in exc.value.message_dict


def test_clean_refuses_an_upper_bound_below_the_lower(db):
    standard = FundingStandard(level=FundingLevel.VILLAGE, lower=Decimal("4"), upper=Decimal("3"), first_year=1990)
    with pytest.raises(ValidationError) as exc:
        standard.full_clean()
    assert "upper" in exc.value.message_dict


def test_the_database_refuses_an_inverted_range(db):
    with pytest.raises(IntegrityError):
        FundingStandard.objects.create(level=FundingLevel.TOWN, lower=Decimal("3"), upper=Decimal("2"), first_year=1990)


def test_levels_follow_committee_kinds():
    assert level_for_kind(Kind.TOWN) == level_for_kind(Kind.SUBDISTRICT) == FundingLevel.TOWN
    assert level_for_kind(Kind.VILLAGE) == level_for_kind(Kind.COMMUNITY) == FundingLevel.VILLAGE
    assert level_for_kind(Kind.SCHOOL) is None
