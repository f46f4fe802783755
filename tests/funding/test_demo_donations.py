"""The demo's study aid: 羊尖's 希望之星 has exactly its cumulative figures by 2023; 2022's
donations total 334.82万 with 1,030 students aided, and each town's year equals its approved
form 5 of the 2023 round (and 2021's the 2022 round's); the pages show the same figures."""

from __future__ import annotations

from decimal import Decimal

import lxml.html
import pytest
from django.urls import reverse

from committees.models import TOWN_KINDS, Committee
from funding import selectors
from funding.donation_demo import HOPE, hope_schedule
from funding.donation_models import AidProgramme, AidSession, Donation
from surveys.models import State, SubmissionRow
from tests.surveys.report.conftest import demo, demo_db, district, user  # noqa: F401  (the demo fixtures)

pytestmark = pytest.mark.usefixtures("demo")


def form5(round_year: int) -> dict[str, tuple[Decimal, int]]:
    rows = SubmissionRow.objects.filter(
        submission__survey_round__year=round_year, submission__form=5, submission__state=State.APPROVED,
        section="main",
    )  # fmt: skip
    return {r.values["committee_code"]: (Decimal(r.values["study_aid"]), r.values["study_aid_students"]) for r in rows}


def test_yangjians_hope_star_has_its_cumulative_figures_by_2023():
    programme = AidProgramme.objects.get(committee__code="XS04", name=HOPE)
    found = selectors.cumulative(programme, 2023)
    assert (found.years, found.sessions, found.amount, found.awards) == (18, 37, Decimal("269.70"), 4056)
    assert AidSession.objects.filter(programme=programme).count() == len(hope_schedule()) == 37
    earlier = selectors.cumulative(programme, 2010)
    assert earlier.sessions == 11 and earlier.years == 6 and earlier.amount < found.amount


def test_the_2022_donations_total_334_82_and_equal_each_towns_form_5():
    assert sum(Donation.objects.filter(year=2022).values_list("amount", flat=True)) == Decimal("334.82")
    for round_year in (2022, 2023):
        expected = form5(round_year)
        towns = Committee.objects.filter(kind__in=TOWN_KINDS, code__in=expected)
        found = {r.committee.code: (r.amount, r.students) for r in selectors.study_aid(towns, round_year - 1)}
        assert found == expected
    (whole,) = selectors.study_aid(Committee.objects.filter(pk=district().pk), 2022)
    assert (whole.amount, whole.students) == (Decimal("334.82"), 1030)


def test_the_red_scarf_fund_runs_in_xibei():
    programme = AidProgramme.objects.get(committee__code="XS02", name__contains="红领巾")
    assert programme.first_year == 2015 and selectors.cumulative(programme, 2023).sessions == 2


def test_the_pages_show_the_same_figures(client):
    client.force_login(user("staff"))
    page = lxml.html.fromstring(client.get(reverse("funding:donations", kwargs={"year": 2022})).content)
    assert page.xpath('string(//*[@id="total"])').strip() == "334.82"
    cells = {
        r.get("data-code"): r.xpath("./td")[2].text_content()
        for r in page.xpath('//table[@id="by-town"]//tr[@data-code]')
    }
    assert cells == {code: str(students) for code, (_, students) in form5(2023).items()}
    hope = AidProgramme.objects.get(name=HOPE)
    url = reverse("funding:aid_programmes", kwargs={"year": 2023})
    row = lxml.html.fromstring(client.get(url).content).xpath(f'//tr[@data-pk="{hope.pk}"]/td')
    assert [td.text_content() for td in row[3:7]] == ["18", "37", "269.70", "4056"]


def test_a_town_secretary_sees_only_their_town(client):
    client.force_login(user("dongang"))
    page = lxml.html.fromstring(client.get(reverse("funding:donations", kwargs={"year": 2022})).content)
    codes = [r.get("data-code") for r in page.xpath('//table[@id="by-town"]//tr[@data-code]')]
    assert codes == ["XS01"]
    assert page.xpath('string(//*[@id="total"])').strip() == str(form5(2023)["XS01"][0])
