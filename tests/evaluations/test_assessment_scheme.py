"""The assessment scheme's page (/assessment/<year>/scheme/): saving a change of an item's points
and weight as a browser posts it, its blank row skipped, two items trading codes, invalid input
refused in Chinese with nothing saved; and a year's scheme copied to a new year (/…/scheme/copy/)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from evaluations.models import AssessmentItem, AssessmentScheme, AssessmentScore, RewardRule


@pytest.fixture
def scheme(xs):
    scheme = AssessmentScheme.objects.create(
        committee=xs.dg.parent, year=2024, name="2024年度镇（街道）关工委工作考核办法", notes="以奖代补"
    )
    a1 = AssessmentItem.objects.create(scheme=scheme, order=1, code="A1", name="组织建设", max_points=20)
    AssessmentItem.objects.create(scheme=scheme, order=2, code="A2", name="活动开展", max_points=20)
    AssessmentItem.objects.create(
        scheme=scheme, order=3, code="B1", name="报表按时报送", max_points=10, weight=Decimal("0.5"),
        scorer="forms_on_time",
    )  # fmt: skip
    RewardRule.objects.create(scheme=scheme, bound=1, amount=Decimal("5.00"))
    RewardRule.objects.create(scheme=scheme, basis="score", bound=90, amount=Decimal("2.00"))
    AssessmentScore.objects.create(item=a1, committee=xs.dg, points=18)
    return scheme


def _url(year: int, name: str = "assessment:scheme") -> str:
    return reverse(name, kwargs={"year": year})


def posted(page: str) -> dict[str, str]:
    """What a browser posts of the page's form, unchanged: its inputs and selected options."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag and name.group(1) not in ("next", "language"):
            data[name.group(1)] = value.group(1) if value else ""
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    return data


def _page(client, year: int = 2024) -> dict[str, str]:
    return posted(client.get(_url(year)).content.decode())


def test_an_admin_changes_an_items_maximum_and_weight(xs, scheme, client_for):
    client = client_for(xs.admin)
    data = _page(client) | {"items-0-max_points": "25", "items-0-weight": "1.5"}
    response = client.post(_url(2024), data)
    assert response.status_code == 302 and response.url == _url(2024, "assessment:scores")
    item = scheme.items.get(code="A1")
    assert (item.max_points, item.weight) == (Decimal("25.00"), Decimal("1.50"))
    assert item.history.first().history_user == xs.admin
    assert scheme.items.count() == 3 and scheme.reward_rules.count() == 2  # the blank rows skipped


def test_the_blank_rows_count_as_blank_whatever_of_their_defaults_is_posted(xs, scheme, client_for):
    """Before, a blank row posted without its default order and weight counted as filled in: the
    page answered 200 with 必填 errors on a row the user never touched, and nothing was saved."""
    client = client_for(xs.admin)
    data = {k: v for k, v in _page(client).items() if not k.startswith(("items-3-", "tiers-2-"))}
    response = client.post(_url(2024), data | {"items-1-max_points": "15"})
    assert response.status_code == 302
    assert scheme.items.get(code="A2").max_points == Decimal("15.00") and scheme.items.count() == 3


def test_two_items_trade_their_codes(xs, scheme, client_for):
    """Before, the first save met the other item's code in the database: a server error."""
    client = client_for(xs.admin)
    response = client.post(_url(2024), _page(client) | {"items-0-code": "A2", "items-1-code": "A1"})
    assert response.status_code == 302
    assert dict(scheme.items.values_list("name", "code")) == {"组织建设": "A2", "活动开展": "A1", "报表按时报送": "B1"}


def test_invalid_input_is_refused_in_chinese_and_nothing_is_saved(xs, scheme, client_for):
    client = client_for(xs.admin)
    data = _page(client) | {"items-0-max_points": "二十", "items-1-weight": "2", "items-3-name": "特色品牌"}
    response = client.post(_url(2024), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "未保存：请更正标出的内容。" in body and "输入一个数字。" in body and "这个字段是必填项。" in body
    assert scheme.items.get(code="A1").max_points == Decimal("20.00")
    assert scheme.items.get(code="A2").weight == Decimal("1.00") and scheme.items.count() == 3
    duplicate = client.post(_url(2024), _page(client) | {"items-1-code": "A1"})
    assert duplicate.status_code == 200 and scheme.items.get(name="活动开展").code == "A2"


def test_staff_and_secretaries_may_not_change_or_copy_the_scheme(xs, scheme, client_for):
    for user in (xs.staff, xs.dg_secretary):
        client = client_for(user)
        assert client.post(_url(2024), {"items-0-max_points": "30"}).status_code == 403
        assert client.post(_url(2024, "assessment:scheme_copy"), {"year": 2025}).status_code == 403
    assert not AssessmentScheme.objects.filter(year=2025).exists()


def test_an_admin_copies_the_scheme_to_a_new_year_and_changes_it(xs, scheme, client_for):
    client = client_for(xs.admin)
    copy_url = _url(2024, "assessment:scheme_copy")
    assert 'value="2025"' in client.get(copy_url).content.decode()
    response = client.post(copy_url, {"year": 2025})
    assert response.status_code == 302 and response.url == _url(2025)
    copy = AssessmentScheme.objects.get(year=2025)
    assert (copy.name, copy.committee, copy.notes) == (
        "2025年度镇（街道）关工委工作考核办法",
        scheme.committee,
        "以奖代补",
    )
    fields = ("order", "code", "name", "max_points", "weight", "scorer")
    assert list(copy.items.values_list(*fields)) == list(scheme.items.values_list(*fields))
    tiers = ("basis", "bound", "amount")
    assert sorted(copy.reward_rules.values_list(*tiers)) == sorted(scheme.reward_rules.values_list(*tiers))
    assert not AssessmentScore.objects.filter(item__scheme=copy).exists()
    assert copy.items.first().history.get().history_user == xs.admin
    response = client.post(_url(2025), _page(client, 2025) | {"items-2-weight": "1"})
    assert response.status_code == 302 and copy.items.get(code="B1").weight == Decimal("1.00")
    assert scheme.items.get(code="B1").weight == Decimal("0.50")


def test_a_year_that_has_a_scheme_is_refused(xs, scheme, client_for):
    AssessmentScheme.objects.create(committee=scheme.committee, year=2025, name="2025年度考核办法")
    response = client_for(xs.admin).post(_url(2024, "assessment:scheme_copy"), {"year": 2025})
    assert response.status_code == 200 and "2025年度已有考核办法。" in response.content.decode()
    assert not AssessmentItem.objects.filter(scheme__year=2025).exists()


def test_the_page_names_the_items_code_and_reads_a_rank_as_a_whole_number(xs, scheme, client_for):
    client = client_for(xs.admin)
    page = client.get(_url(2024)).content.decode()
    assert "项目编码" in page and "考核项目" in page and "单位编码" not in page
    assert "名次不超过／得分不低于" in page
    data = posted(page)
    assert (data["tiers-0-basis"], data["tiers-0-bound"]) == ("rank", "1")
    assert (data["tiers-1-basis"], data["tiers-1-bound"]) == ("score", "90")
    assert client.post(_url(2024), data).status_code == 302  # posted back unchanged, saved as it was
    assert sorted(scheme.reward_rules.values_list("bound", flat=True)) == [Decimal(1), Decimal(90)]
