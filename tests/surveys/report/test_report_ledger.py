"""The report's figures from the funding ledger, on the demo: once every committee of the 2023
round's 表2 has closed 2022, the JSON, the workbook's 汇总 and the draft's 经费 part carry the funds
in place by 30 June, their ratio to the standards' lower bounds and the subsidies paid — each
equal to what the ledger's rows add up to; with one committee still open, none of them."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from committees.models import Committee, Kind
from funding import services
from funding.models import IN_PLACE_SOURCES, FundEntry, FundingLevel, FundingStandard, SubsidyPayment
from surveys.models import State, SubmissionRow
from surveys.report import json_output, narrative, workbook
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district, town, user

pytestmark = pytest.mark.usefixtures("demo")

ROUND, YEAR = 2023, 2022
CENT = Decimal("0.01")
KEYS = ("funds_in_place_mid_year_wan", "funds_mid_year_ratio", "ledger_subsidy_people", "ledger_subsidy_wan")


def form2_committees(town_code: str | None = None) -> list[int]:
    rows = SubmissionRow.objects.filter(
        submission__survey_round__year=ROUND, submission__form=2, submission__state=State.APPROVED, section="main"
    )
    if town_code:
        rows = rows.filter(submission__town__code=town_code)
    return list(rows.values_list("committee_id", flat=True))


def close(committees) -> None:
    services.year_close(actor=user("staff"), committees=committees, year=YEAR)


def expected(ids: list[int]) -> dict:
    """The ledger's rows added up by the database, apart from the selectors the report uses."""
    by = FundEntry.objects.filter(
        committee__in=ids, year=YEAR, date__lte=datetime.date(YEAR, 6, 30), source__in=IN_PLACE_SOURCES
    ).aggregate(total=Sum("amount"))["total"]
    lowers = {s.level: s.lower for s in FundingStandard.objects.filter(first_year__lte=YEAR).order_by("first_year")}
    kinds = list(Committee.objects.filter(pk__in=ids).values_list("kind", flat=True))
    lower = sum(
        lowers[FundingLevel.TOWN if k in (Kind.TOWN, Kind.SUBDISTRICT) else FundingLevel.VILLAGE] for k in kinds
    )
    paid = SubsidyPayment.objects.filter(committee__in=ids, year=YEAR, confirmed_at__isnull=False)
    return {
        "in_place_by": Decimal(str(by)).quantize(CENT),
        "ratio": float((Decimal(str(by)) / lower).quantize(Decimal("0.001"))),
        "people": paid.values("person").distinct().count(),
        "paid": Decimal(str(paid.aggregate(total=Sum("amount"))["total"])).quantize(CENT),
    }


def compiled():
    data = report_data_build(survey_round=round_for_year(ROUND), scope=district())
    return data, json.loads(json_output.build(data))["indicators"]


def test_a_complete_ledger_adds_its_mid_year_ratio_and_subsidies_paid():
    close(Committee.objects.all())
    data, indicators = compiled()
    want = expected(form2_committees())
    assert Decimal(indicators["funds_in_place_mid_year_wan"]["value"]) == want["in_place_by"] > 0
    assert indicators["funds_mid_year_ratio"]["value"] == want["ratio"]
    assert indicators["ledger_subsidy_people"]["value"] == want["people"] == 104
    assert Decimal(indicators["ledger_subsidy_wan"]["value"]) == want["paid"] == Decimal("36.60")
    assert all(indicators[key]["previous"] is None for key in KEYS)  # 2021 is not closed
    # By town: 东港镇's figures are its own committees' ledger.
    dongang = next(t for t in indicators["ledger_by_town"]["value"] if t["town"] == "XS01")
    mine = expected(form2_committees("XS01"))
    assert Decimal(dongang["in_place_mid_year"]) == mine["in_place_by"] and dongang["mid_year_ratio"] == mine["ratio"]
    assert (dongang["subsidy_people"], Decimal(dongang["subsidy_wan"])) == (mine["people"], mine["paid"])
    # The workbook's 汇总 and the draft's 经费 part say the same.
    ws = load_workbook(io.BytesIO(workbook.build(data)))[workbook.SUMMARY_SHEET]
    lines = {str(r[1]): r for r in ws.iter_rows(values_only=True) if r[1]}
    label = "“五老”补贴发放人数（经费台账）（2022年度）"
    assert label in lines and 104 in lines[label]
    assert any(str(k).startswith("6月30日前到位（经费台账）") for k in lines)
    text = "".join(p for chapter in narrative.draft(data).chapters for part in chapter.parts for p in part.paragraphs)
    assert f"截至2022年6月30日到位工作经费{want['in_place_by']:.2f}万元" in text
    assert "全年发放“五老”补贴104人、36.60万元" in text
    assert f"{want['ratio'] * 100:.1f}%" in text


def test_one_committee_still_open_leaves_the_ledger_figures_out():
    village = Committee.objects.filter(pk__in=form2_committees("XS03"), kind=Kind.VILLAGE).first()
    close(Committee.objects.exclude(pk=village.pk))
    data, indicators = compiled()
    assert not set(KEYS) & set(indicators) and "ledger_by_town" not in indicators
    assert indicators["subsidy_people"]["value"] == 104  # the forms' figures as before
    text = "".join(p for chapter in narrative.draft(data).chapters for part in chapter.parts for p in part.paragraphs)
    assert "经费台账" not in text


def test_a_towns_report_needs_only_its_own_committees_closed():
    ehu = town("XS03")
    close(Committee.objects.filter(pk__in=form2_committees("XS03")))
    data = report_data_build(survey_round=round_for_year(ROUND), scope=ehu)
    indicators = json.loads(json_output.build(data))["indicators"]
    want = expected(form2_committees("XS03"))
    assert Decimal(indicators["funds_in_place_mid_year_wan"]["value"]) == want["in_place_by"]
    assert indicators["ledger_subsidy_people"]["value"] == want["people"]
    assert "funds_mid_year_ratio" not in compiled()[1]  # the district's other towns are open
