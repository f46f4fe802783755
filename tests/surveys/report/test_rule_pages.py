"""The problem rules' pages: district admins list the rules and change one (switch, threshold,
texts); a bad threshold is refused in Chinese and changes nothing; history says who changed what;
the next compile reads the changed rule."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.report.models import ProblemRule
from surveys.report.selectors import enabled_rules

CODES = [
    "backbone_aging",
    "funds_below_standard",
    "fhfg_regressed",
    "exec_deputy_not_five_old_without_deputy",
    "no_young_staff",
    "form_missing",
    "figures_unchanged",
    "rectification_overdue",
]


def rule(code: str) -> ProblemRule:
    return ProblemRule.objects.get(code=code)


def posted(r: ProblemRule, **changes) -> dict:
    data = {
        "enabled": "on" if r.enabled else "",
        "threshold": "" if r.threshold is None else str(r.threshold),
        "description": r.description,
        "recommendation_title": r.recommendation_title,
        "recommendation": r.recommendation,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if not (k == "enabled" and v == "")}


def edit_url(r: ProblemRule) -> str:
    return reverse("surveys:rule_edit", kwargs={"pk": r.pk})


def test_it_lists_the_seven_rules_in_their_order(xs, client_for):
    response = client_for(xs.admin).get(reverse("surveys:rule_list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert [code for code in CODES if f'data-rule="{code}"' in body] == CODES
    assert body.index('data-rule="backbone_aging"') < body.index('data-rule="form_missing"')
    assert "0.500" in body and "骨干“五老”" in body
    assert "积分规则" not in body  # the points rules of volunteers are another thing


@pytest.mark.parametrize(
    ("code", "hint"),
    [
        ("backbone_aging", "0 到 1 之间的占比"),
        ("form_missing", "此规则不使用阈值"),
        ("figures_unchanged", "与上年数据完全相同的镇（街道）达到此数时标记"),
    ],
)
def test_the_form_says_what_the_threshold_means_for_the_rule(xs, client_for, code, hint):
    response = client_for(xs.admin).get(edit_url(rule(code)))

    assert response.status_code == 200
    assert hint in response.content.decode()


def test_an_admin_changes_a_threshold_and_the_history_says_who(xs, client_for):
    aging = rule("backbone_aging")
    client = client_for(xs.admin)

    response = client.post(edit_url(aging), posted(aging, threshold="0.6", recommendation_title="壮大骨干队伍"))

    assert response.status_code == 302
    aging.refresh_from_db()
    assert (aging.threshold, aging.recommendation_title) == (Decimal("0.600"), "壮大骨干队伍")
    latest = aging.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == xs.admin
    page = client.get(edit_url(aging)).content.decode()
    assert "0.500 → 0.600" in page and "区管理员" in page


def test_switching_a_rule_off_leaves_it_out_of_the_next_compile(xs, client_for):
    young = rule("no_young_staff")

    response = client_for(xs.admin).post(edit_url(young), posted(young, enabled=""))

    assert response.status_code == 302
    assert "no_young_staff" not in [r.code for r in enabled_rules()]
    assert not rule("no_young_staff").enabled


def test_the_next_compile_reads_the_changed_threshold(xs, client_for):
    funds = rule("funds_below_standard")

    client_for(xs.admin).post(edit_url(funds), posted(funds, threshold="0.8"))

    assert {r.code: r.threshold for r in enabled_rules()}["funds_below_standard"] == Decimal("0.800")


@pytest.mark.parametrize(
    ("code", "threshold", "message"),
    [
        ("backbone_aging", "1.5", "0 到 1 之间的占比"),
        ("backbone_aging", "", "0 到 1 之间的占比"),
        ("funds_below_standard", "0", "标准下限的倍数"),
        ("no_young_staff", "0.5", "0 到 100 的整数"),
        ("fhfg_regressed", "1", "此规则不使用阈值"),
        ("figures_unchanged", "0", "1 到 100 的整数"),
        ("figures_unchanged", "2.5", "1 到 100 的整数"),
        ("backbone_aging", "半数", "输入一个数字"),
    ],
)
def test_a_bad_threshold_is_refused_in_chinese_and_changes_nothing(xs, client_for, code, threshold, message):
    r = rule(code)
    before = (r.threshold, r.enabled, r.recommendation, r.history.count())

    response = client_for(xs.admin).post(edit_url(r), posted(r, threshold=threshold, recommendation="改了"))

    assert response.status_code == 200
    assert message in response.content.decode()
    r.refresh_from_db()
    assert (r.threshold, r.enabled, r.recommendation, r.history.count()) == before


def test_saving_without_a_change_writes_no_history(xs, client_for):
    r = rule("form_missing")
    count = r.history.count()

    assert client_for(xs.admin).post(edit_url(r), posted(r)).status_code == 302
    assert r.history.count() == count


def test_an_unknown_rule_is_not_found(xs, client_for):
    assert client_for(xs.admin).get(reverse("surveys:rule_edit", kwargs={"pk": 999999})).status_code == 404


def test_the_reports_page_links_the_rules_for_admins_only(xs, client_for):
    from tests.surveys.conftest import open_round

    open_round(xs, 2023)
    url = reverse("surveys:report_runs", kwargs={"year": 2023})
    assert 'class="rules-link"' in client_for(xs.admin).get(url).content.decode()
    assert 'class="rules-link"' not in client_for(xs.staff).get(url).content.decode()
