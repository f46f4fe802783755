"""Funding standards on the settings pages: a later notice ends the earlier one by its last year
and starts the next year; overlapping years, a range upside down are refused in Chinese and write
nothing; the history keeps who changed what."""

from decimal import Decimal

import pytest
from django.urls import reverse

from funding.models import FundingLevel, FundingStandard
from funding.selectors import standard_for


def current(level: str) -> FundingStandard:
    return FundingStandard.objects.get(level=level, first_year=2019)


def as_posted(standard: FundingStandard, **changes) -> dict:
    data = {
        "level": standard.level,
        "lower": str(standard.lower),
        "upper": str(standard.upper),
        "first_year": standard.first_year,
        "last_year": standard.last_year or "",
        "source": standard.source,
        "notes": standard.notes,
    }
    return {**data, **changes}


def edit_url(standard: FundingStandard) -> str:
    return reverse("registry:reference_edit", kwargs={"table": "funding-standards", "pk": standard.pk})


def test_the_settings_page_lists_the_seeded_standards(xs, client_for):
    body = client_for(xs.admin).get(reverse("registry:reference_list")).content.decode()

    assert 'data-table="funding-standards"' in body
    assert "8.00" in body and "10.00" in body and "2019" in body


def test_a_new_notice_ends_the_old_standard_and_starts_the_next_year(xs, client_for):
    village = current(FundingLevel.VILLAGE)
    client = client_for(xs.admin)

    ended = client.post(edit_url(village), as_posted(village, last_year=2025))
    added = client.post(
        reverse("registry:reference_create", kwargs={"table": "funding-standards"}),
        {"level": "village", "lower": "4", "upper": "6", "first_year": 2026, "source": "2026年通知"},
    )

    assert (ended.status_code, added.status_code) == (302, 302)
    assert (standard_for("village", 2025).lower, standard_for("village", 2026).lower) == (
        Decimal("3.00"),
        Decimal("4.00"),
    )
    page = client.get(edit_url(village)).content.decode()
    assert "— → 2025" in page and "区管理员" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"level": "village", "lower": "4", "upper": "6", "first_year": 2024},
            "该层级已有标准覆盖其中部分年度",
        ),
        ({"level": "town", "lower": "9", "upper": "8", "first_year": 2030}, "标准上限不能低于下限"),
        ({"level": "town", "lower": "-1", "upper": "8", "first_year": 2030}, "大于或等于0"),
    ],
)
def test_bad_standards_are_refused_in_chinese_and_write_nothing(xs, client_for, data, message):
    before = FundingStandard.objects.count()

    response = client_for(xs.admin).post(
        reverse("registry:reference_create", kwargs={"table": "funding-standards"}), data
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert FundingStandard.objects.count() == before
