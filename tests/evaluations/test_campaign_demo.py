"""The demo's campaign: the campaign page shows each town's share of villages passing acceptance
under the campaign's version against the year's target, as the database has it."""

import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from committees.models import VILLAGE_KINDS, Committee
from evaluations.models import Campaign, CheckLevel, Plaque, Review, ReviewKind, ReviewResult


def _passed_in(town: Committee, campaign: Campaign, year: int) -> set[int]:
    return set(
        Review.objects.filter(
            committee__path__startswith=town.path,
            committee__kind__in=VILLAGE_KINDS,
            kind=ReviewKind.ACCEPTANCE,
            result=ReviewResult.PASSED,
            standard__effective_from__gte=campaign.standard.effective_from,
            date__year=year,
        ).values_list("committee_id", flat=True)
    )


def test_the_demo_campaign_page_shows_each_town_s_share_against_the_target(demo_district, client, tmp_path):
    campaign = Campaign.objects.get(first_year=2023)
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(reverse("campaigns:year", args=[campaign.pk, 2023]))
    assert response.status_code == 200
    html = response.content.decode()
    villages = next(p for p in response.context["progress"] if p.check.checked_level == CheckLevel.VILLAGE)
    assert len(villages.rows) == 9 and villages.total.units == 128 and villages.target == 25
    for row in villages.rows:
        units = Committee.objects.filter(path__startswith=row.group.path, kind__in=VILLAGE_KINDS).count()
        passed = len(_passed_in(row.group, campaign, 2023))
        assert (row.units, row.passed) == (units, passed)
        assert float(row.share) == round(100 * passed / units, 1)
        assert f"<td>{row.group.name}</td>" in html and f"{row.share}%" in html
    assert {row.meets_target for row in villages.rows} == {True, False}  # some towns reach 25%, some not
    assert Plaque.objects.filter(year=2023).count() == sum(r.plaques for r in villages.rows) > 0
    later = client.get(reverse("campaigns:year", args=[campaign.pk, 2024])).context["progress"][0]
    assert later.cumulative_target == 60 and later.total.cumulative > villages.total.cumulative
    reviews = Review.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Review.objects.count() == reviews  # idempotent
    # The 2024 round's report (data year 2023) carries the district's line of the campaign.
    out = tmp_path / "out"
    call_command("compile_report", "--year", "2024", "--format", "json", "--out", str(out), stdout=StringIO())
    (path,) = out.glob("*.json")
    (line,) = json.loads(path.read_text(encoding="utf-8"))["campaigns"]
    total = villages.total
    assert (line["year"], line["units"], line["passed"], line["plaques"]) == (2023, 128, total.passed, total.plaques)
    assert (line["target"], line["share"]) == ("25.00", str(total.share))
