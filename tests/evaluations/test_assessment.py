"""The annual town assessment (年度工作考核) on the demo: the nine towns ranked, each computed item
against figures worked out by hand for two towns, the rewards exported and confirmed into the
funding ledger, and who reads and writes what."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from openpyxl import load_workbook

from committees.models import Committee
from evaluations.models import AssessmentScheme, AssessmentScore, Reward
from evaluations.selectors import assessed, items_of, ranking
from funding.models import FundEntry, FundSource
from surveys.models import Submission
from tests.demo_snapshot import load_demo_once

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Worked out by hand from the demo's records (evaluations.demo, surveys.demo, funding.demo):
# 东港镇 (XS01): all five forms of the 2023 round on time → 10; the 2023 look-back checked its 20
# villages and found one regressed → 19/20 × 15 = 14.25; 86.50 in place in 2022 against a
# standard of 68.00 → full 15; its one rectification of 2023 still open → 0/1 × 10 = 0.
# 云林街道 (XS09): 10 of 11 villages kept → 10/11 × 15 = 13.636… → 13.64; 55.00 of 41.00 → 15; the
# rectification open → 0; forms on time → 10.
HAND = {
    "XS01": {"B1": "10.00", "B2": "14.25", "B3": "15.00", "B4": "0.00"},
    "XS09": {"B1": "10.00", "B2": "13.64", "B3": "15.00", "B4": "0.00"},
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            load_demo_once()
        yield AssessmentScheme.objects.get(committee__code="XS", year=2023)
        transaction.set_rollback(True)


@pytest.fixture
def scheme(demo, db):
    return demo


def login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_2023_assessment_ranks_the_nine_towns(scheme):
    rows = ranking(scheme, assessed(scheme), items_of(scheme))
    assert len(rows) == 9
    assert [r.committee.code for r in rows[:3]] == ["XS02", "XS03", "XS04"]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 4, 6, 7, 8, 9]  # equal totals share a rank
    assert rows[0].total == Decimal("95.00") and rows[-1].committee.code == "XS09"
    assert [r.amount for r in rows] == [Decimal(a) for a in ("5", "3", "3", "1.5", "1.5", "1.5", "0", "0", "0")]


def test_each_computed_item_matches_the_hand_computed_values_for_two_towns(scheme):
    for code, expected in HAND.items():
        scores = AssessmentScore.objects.filter(item__scheme=scheme, committee__code=code, item__scorer__gt="")
        assert {s.item.code: str(s.points) for s in scores} == expected
    evidence = AssessmentScore.objects.get(item__scheme=scheme, item__code="B2", committee__code="XS01").evidence
    assert evidence == "回头看（抽查）20 个，巩固或提升 19 个"


def test_compute_reads_the_records_again(scheme, client):
    """A form of 东港镇's 2023 round found late brings its 报表按时报送 to 4/5 × 10 at the next compute."""
    Submission.objects.filter(survey_round__year=2023, town__code="XS01", form=2).update(on_time=False)
    assert login(client, "staff").post(f"/assessment/{scheme.year}/compute/").status_code == 302
    score = AssessmentScore.objects.get(item__scheme=scheme, item__code="B1", committee__code="XS01")
    assert score.points == Decimal("8.00") and score.scored_by.username == "staff"
    assert score.history.count() == 2  # computed at the load, then again


def test_the_rewards_export_to_excel(scheme, client):
    response = login(client, "staff").get(f"/assessment/{scheme.year}/export/")
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    ).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert len(rows) == 9
    assert rows["锡北镇关工委"][0] == 1 and Decimal(str(rows["锡北镇关工委"][-2])) == Decimal("5")
    assert Decimal(str(rows["东港镇关工委"][-3])) == Decimal("85.25")


def test_confirming_a_reward_writes_the_funding_entry(scheme, client):
    town = Committee.objects.get(code="XS02")
    url = f"/surveys/assessment/{scheme.year}/{town.pk}/confirm/"
    assert login(client, "dongang").post(url).status_code == 404  # not their town
    assert login(client, "staff").post(url).status_code == 302
    reward = Reward.objects.get(scheme=scheme, committee=town)
    entry = FundEntry.objects.get(pk=reward.fund_entry_id)
    assert (entry.source, entry.amount, entry.year, entry.committee) == (FundSource.REWARD, Decimal("5.00"), 2023, town)
    client.post(url)  # a second confirmation is refused
    assert FundEntry.objects.filter(committee=town, source=FundSource.REWARD).count() == 1
    page = client.get(f"/assessment/{scheme.year}/").content.decode()
    assert "已确认" in page or "确认" in page


def test_a_town_secretary_reads_their_own_row_only(scheme, client, django_assert_max_num_queries):
    login(client, "dongang")
    with django_assert_max_num_queries(20):
        page = client.get(f"/assessment/{scheme.year}/").content.decode()
    assert "东港镇关工委" in page and "锡北镇关工委" not in page
    assert client.post(f"/assessment/{scheme.year}/compute/").status_code == 403
    town = Committee.objects.get(code="XS01")
    assert client.post(f"/assessment/{scheme.year}/towns/{town.pk}/", {}).status_code == 403


def test_staff_score_a_hand_item_and_the_ranking_follows(scheme, client):
    town = Committee.objects.get(code="XS09")
    hand = [item for item in items_of(scheme) if not item.computed]
    data = {f"points_{item.pk}": str(item.max_points) for item in hand}
    data.update({f"evidence_{item.pk}": "台账齐全" for item in hand})
    assert login(client, "staff").post(f"/assessment/{scheme.year}/towns/{town.pk}/", data).status_code == 302
    rows = ranking(scheme, assessed(scheme), items_of(scheme))
    row = next(r for r in rows if r.committee == town)
    assert (row.total, row.rank) == (Decimal("88.64"), 7)
    too_many = {**data, f"points_{hand[0].pk}": "99"}
    response = client.post(f"/assessment/{scheme.year}/towns/{town.pk}/", too_many)
    assert (
        response.status_code == 200
        and AssessmentScore.objects.get(item=hand[0], committee=town).points == hand[0].max_points
    )
