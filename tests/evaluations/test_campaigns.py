"""Campaigns (三年巩固深化年): the seeded campaign, progress derived from acceptance reviews, the
campaign page by scope, plaques, and the targets on the settings pages (evaluations.campaigns)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.scoping import committees_for
from evaluations.campaigns import award_plaque, campaign_progress, targets
from evaluations.models import Campaign, CampaignYear, CheckLevel, FhfgStandard, Plaque, ReviewKind, ReviewResult
from evaluations.selectors import standard_items
from evaluations.services import record_review


@pytest.fixture
def campaign(db) -> Campaign:
    return Campaign.objects.get(first_year=2023)


def _pass(xs, committee, day, standard_name="2023 修订", result=ReviewResult.PASSED):
    standard = FhfgStandard.objects.get(name=standard_name)
    results = {item.pk: "met" for item in standard_items(standard)}
    return record_review(
        actor=xs.staff,
        committee=committee,
        kind=ReviewKind.ACCEPTANCE,
        day=day,
        standard=standard,
        results=results,
        result=result,
    )


@pytest.fixture
def passes(xs):
    _pass(xs, xs.dg_v1, datetime.date(2023, 9, 1))
    _pass(xs, xs.dg_v2, datetime.date(2023, 9, 1), standard_name="2011")  # an older version: not counted
    _pass(xs, xs.eh_v1, datetime.date(2023, 9, 1), result=ReviewResult.FAILED)
    _pass(xs, xs.eh_v2, datetime.date(2024, 6, 1))
    _pass(xs, xs.dg, datetime.date(2024, 7, 1))  # a town, checked by the district


def test_the_jiangsu_campaign_is_seeded_with_its_targets_and_who_checks_whom(campaign):
    assert (campaign.first_year, campaign.last_year, campaign.standard.name) == (2023, 2025, "2023 修订")
    assert campaign.plaque_title == "新时代五有五好基层关工委"
    assert targets(campaign) == {
        2023: (Decimal(25), Decimal(25)),
        2024: (Decimal(35), Decimal(60)),
        2025: (Decimal(40), Decimal(100)),
    }
    checks = {(c.checking_level, c.checked_level) for c in campaign.checks.all()}
    assert checks == {(CheckLevel.DISTRICT, CheckLevel.TOWN), (CheckLevel.TOWN, CheckLevel.VILLAGE)}


def _rows(progress, level):
    found = next(p for p in progress if p.check.checked_level == level)
    return {r.group.name: (r.units, r.passed, r.share, r.cumulative, r.cumulative_share) for r in found.rows}, found


def test_a_unit_counts_in_the_year_of_its_passed_acceptance_under_the_campaign_version(xs, campaign, passes):
    readable = committees_for(xs.staff)
    villages, found = _rows(campaign_progress(campaign, 2023, readable), CheckLevel.VILLAGE)
    assert villages == {
        "东港镇关工委": (2, 1, Decimal("50.0"), 1, Decimal("50.0")),
        "鹅湖镇关工委": (2, 0, Decimal("0.0"), 0, Decimal("0.0")),
    }
    assert (found.target, found.total.passed, found.total.units, found.total.share) == (25, 1, 4, Decimal("25.0"))
    assert found.total.meets_target and not found.rows[1].meets_target
    villages, found = _rows(campaign_progress(campaign, 2024, readable), CheckLevel.VILLAGE)
    assert villages["东港镇关工委"] == (2, 0, Decimal("0.0"), 1, Decimal("50.0"))
    assert villages["鹅湖镇关工委"] == (2, 1, Decimal("50.0"), 1, Decimal("50.0"))
    assert (found.cumulative_target, found.total.cumulative_share) == (60, Decimal("50.0"))
    towns, found = _rows(campaign_progress(campaign, 2024, readable), CheckLevel.TOWN)
    assert towns == {"锡山区关工委": (2, 1, Decimal("50.0"), 1, Decimal("50.0"))} and found.total is None


def test_a_town_secretary_reads_only_the_town_s_villages(xs, campaign, passes, client_for):
    response = client_for(xs.dg_secretary).get(reverse("campaigns:year", args=[campaign.pk, 2023]))
    assert response.status_code == 200
    names = [r.group.name for p in response.context["progress"] for r in p.rows]
    assert names == ["东港镇关工委"]
    assert all(p.total is None for p in response.context["progress"])
    assert "鹅湖镇" not in response.content.decode()


def test_the_campaign_page_runs_a_bounded_number_of_queries(
    xs, campaign, passes, client_for, django_assert_max_num_queries
):
    client = client_for(xs.viewer)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("campaigns:year", args=[campaign.pk, 2023]))
    assert response.status_code == 200 and response.context["chart"] is not None
    assert [r.group.name for r in response.context["progress"][0].rows] == ["东港镇关工委", "鹅湖镇关工委"]
    assert client.get(reverse("campaigns:year", args=[campaign.pk, 2026])).status_code == 404


def test_a_plaque_goes_only_to_a_unit_that_passed_under_the_campaign_version(xs, campaign, passes):
    with pytest.raises(ValidationError, match="未按活动标准版本通过验收"):
        award_plaque(actor=xs.staff, campaign=campaign, year=2023, unit=xs.dg_v2, day=datetime.date(2023, 12, 1))
    plaque = award_plaque(actor=xs.staff, campaign=campaign, year=2023, unit=xs.dg_v1, day=datetime.date(2023, 12, 1))
    assert (plaque.awarded_by, plaque.review.date) == (xs.dg, datetime.date(2023, 9, 1))
    assert plaque.history.count() == 1
    with pytest.raises(ValidationError, match="已在本活动中授牌"):
        award_plaque(actor=xs.staff, campaign=campaign, year=2024, unit=xs.dg_v1, day=datetime.date(2024, 1, 5))
    town = award_plaque(actor=xs.admin, campaign=campaign, year=2024, unit=xs.dg, day=datetime.date(2024, 8, 1))
    assert town.awarded_by == xs.district
    _villages, found = _rows(campaign_progress(campaign, 2023, committees_for(xs.staff)), CheckLevel.VILLAGE)
    assert [r.plaques for r in found.rows] == [1, 0]


@pytest.mark.parametrize(
    "role, status",
    [("admin", 302), ("staff", 302), ("dg_secretary", 403), ("eh_secretary", 403), ("viewer", 403)],
)
def test_admins_and_staff_award_plaques(xs, campaign, passes, client_for, role, status):
    url = reverse("campaigns:plaque_create", args=[campaign.pk, 2023])
    data = {"committee": xs.dg_v1.pk, "awarded_on": "2023-12-01"}
    response = client_for(getattr(xs, role)).post(url, data)
    assert response.status_code == status
    assert Plaque.objects.filter(committee=xs.dg_v1).exists() == (status == 302)


def test_the_award_form_offers_only_units_that_passed(xs, campaign, passes, client_for):
    response = client_for(xs.staff).get(reverse("campaigns:plaque_create", args=[campaign.pk, 2024]))
    offered = set(response.context["form"].fields["committee"].queryset)
    assert offered == {xs.dg_v1, xs.eh_v2, xs.dg}
    response = client_for(xs.staff).post(
        reverse("campaigns:plaque_create", args=[campaign.pk, 2024]),
        {"committee": xs.dg_v2.pk, "awarded_on": "2024-12-01"},
    )
    assert response.status_code == 200 and not Plaque.objects.exists()


@pytest.mark.parametrize("role, status", [("admin", 302), ("staff", 403), ("dg_secretary", 403), ("viewer", 403)])
def test_only_admins_edit_the_targets_on_the_settings_page(xs, campaign, client_for, role, status):
    row = CampaignYear.objects.get(campaign=campaign, year=2024)
    url = reverse("registry:reference_edit", args=["campaign-years", row.pk])
    data = {"campaign": campaign.pk, "year": 2024, "target": "30", "notes": "按省里要求调整"}
    response = client_for(getattr(xs, role)).post(url, data)
    assert response.status_code == status
    row.refresh_from_db()
    assert row.target == (Decimal(30) if status == 302 else Decimal(35))
    if status == 302:
        assert row.history.count() >= 1 and targets(campaign)[2025] == (Decimal(40), Decimal(95))


def test_a_year_outside_the_campaign_is_refused_on_the_settings_page(xs, campaign, client_for):
    url = reverse("registry:reference_create", args=["campaign-years"])
    response = client_for(xs.admin).post(url, {"campaign": campaign.pk, "year": 2027, "target": "10"})
    assert response.status_code == 200 and not CampaignYear.objects.filter(year=2027).exists()


def test_every_role_reads_the_campaigns(xs, campaign, client_for):
    for role in ("admin", "staff", "dg_secretary", "eh_secretary", "viewer", "dg_viewer"):
        client = client_for(getattr(xs, role))
        response = client.get(reverse("campaigns:list"))
        assert response.status_code == 200 and campaign.name in response.content.decode()
        assert client.get(reverse("campaigns:campaign", args=[campaign.pk])).status_code == 302


def test_the_report_s_campaign_line_reads_the_scope_s_progress(xs, campaign, passes):
    from surveys.report.campaign import campaign_sentence, report_campaigns

    (line,) = report_campaigns(xs.district, 2023)
    assert (line.units, line.passed, line.share, line.target, line.cumulative_target) == (4, 1, Decimal("25.0"), 25, 25)
    (town,) = report_campaigns(xs.eh, 2024)
    assert (town.units, town.passed, town.cumulative, town.cumulative_target) == (2, 1, 1, 60)
    assert report_campaigns(xs.district, 2022) == ()
    text = campaign_sentence((line,))
    assert "2023年4个基层关工委中1个按新标准通过验收" in text and "年度目标25%" in text and "累计目标25%" in text
