"""One word for each thing (docs/STYLE.md, 用语), on every page and in every file.

The grep half reads what reaches a user — the templates, the msgstrs of the Chinese catalogue and
the Python sources' strings — for the variants the glossary rules out. The view half renders the
pages where the variants were seen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from surveys import services
from surveys.models import State
from tests.factories import PersonFactory, PostFactory, VolunteerFactory
from tests.surveys.conftest import fill, open_round, submission

ROOT = Path(settings.BASE_DIR)
APPS = ("committees", "surveys", "funding", "evaluations", "xishan_portal")
# The variant, and what docs/STYLE.md says instead.
BANNED = {
    r"镇\(街道\)|镇（街道\)|镇\(街道）|镇/街道": "镇（街道）",
    r"村\(社区\)|村/社区": "村（社区）",
    r"(\d{4}|%\(year\)s|\{year\}|\{\{ ?year ?\}\})年度报告": "…年度调研报告",
    r"✓": "按时 / 按时提交, a word, not a mark",
    # A label's colon belongs inside its translation, where Chinese writes it full-width (状态：).
    r"%\}: ": '{% translate "Status:" %}, the colon in the msgstr',
}


def _catalogue_msgstrs() -> list[tuple[str, str]]:
    text = (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    return [("django.po", m) for m in re.findall(r'^msgstr(?:\[\d\])? "(.*)"$', text, flags=re.M)]


def _sources() -> list[tuple[str, str]]:
    files = [*(ROOT / "templates").rglob("*.html")]
    for app in APPS:
        files += [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files]


def test_no_template_msgstr_or_python_string_uses_a_banned_variant():
    found = [
        (where, re.search(pattern, text).group(0), instead)
        for where, text in _catalogue_msgstrs() + _sources()
        for pattern, instead in BANNED.items()
        if re.search(pattern, text)
    ]
    assert found == []


def test_chinese_writes_its_colons_full_width():
    half = [m for _, m in _catalogue_msgstrs() if re.search(r"[\u4e00-\u9fff）]: |[\u4e00-\u9fff]:$", m)]
    assert half == []


def test_the_glossary_lists_the_banned_variants():
    style = (ROOT / "docs/STYLE.md").read_text(encoding="utf-8")
    assert "### 用语" in style
    for word in ("镇（街道）", "姓名", "成立日期", "发起日期", "调查填报", "调研报告", "2023年度调研报告"):
        assert word in style


pytestmark = pytest.mark.django_db


def _page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_round_is_opened_on_a_day_never_founded(xs, client_for):
    open_round(xs, 2024)
    client = client_for(xs.admin)
    for body in (_page(client, "surveys:round_open"), _page(client, "surveys:round_list")):
        assert "发起日期" in body and "成立日期" not in body
    assert "成立日期" in _page(client, "committees:detail", xs.dg.pk)  # a committee is founded


def test_round_tables_name_each_form_with_its_title(xs, client_for):
    open_round(xs, 2024)
    titles = (
        "关工委班子队伍情况表",
        "经费落实情况表",
        "“五有五好”建设情况表",
        "“五老”队伍情况表",
        "工作制度与品牌建设情况表",
    )
    matrices = (
        _page(client_for(xs.dg_secretary), "surveys:round_list"),
        _page(client_for(xs.staff), "surveys:completeness", 2024),
    )
    rounds_so_far = _page(client_for(xs.admin), "surveys:round_open")
    for number, title in enumerate(titles, start=1):
        for body in matrices:
            assert re.search(rf"<th>表{number}<span[^>]*>{title}</span></th>", body), title
        assert f"<li>表{number} {title}</li>" in rounds_so_far


def test_town_columns_say_town_or_subdistrict(xs, client_for):
    open_round(xs, 2024)
    body = _page(client_for(xs.admin), "surveys:completeness", 2024)
    assert "<th>镇（街道）</th>" in body


def test_a_persons_name_is_headed_xingming(xs, client_for):
    person = PersonFactory(name="周立")
    PostFactory(committee=xs.dg, person=person, position="director")
    VolunteerFactory(committee=xs.dg_v1, person=person)
    client = client_for(xs.admin)
    for name, args in (
        ("registry:person_list", ()),
        ("registry:volunteer_list", ()),
        ("committees:detail", (xs.dg.pk,)),
    ):
        body = _page(client, name, *args)
        assert re.search(r"<th[^>]*>(<a[^>]*>)?姓名", body), name
    person_form = _page(client, "registry:person_edit", person.pk)
    assert "姓名" in person_form and ">名称" not in person_form


def test_the_changes_since_a_return_head_the_committee_column_danwei(xs, client_for):
    survey_round = open_round(xs, 2024)
    sub = submission(survey_round, xs.dg, 3)
    row = {"committee_code": "XS01", "schools": 1, "enterprises": 10, "fhfg_enterprises": 2}
    fill(xs.staff, sub, {"B": [row]})
    sub.state = State.SUBMITTED
    sub.save()
    services.submission_return(actor=xs.staff, submission=sub, reason="请核对")
    fill(xs.staff, sub, {"B": [{**row, "fhfg_enterprises": 1}]})
    body = _page(client_for(xs.staff), "surveys:submission_detail", sub.pk)
    changes = body.split('id="changes"')[1].split("</section>")[0]
    assert "<th>单位</th>" in changes and "行号" not in changes and "东港镇关工委" in changes


def test_a_returned_form_is_not_marked_on_time(xs, client_for):
    survey_round = open_round(xs, 2024)
    sub = submission(survey_round, xs.dg, 3)
    sub.state, sub.on_time = State.SUBMITTED, True
    sub.save()
    services.submission_return(actor=xs.staff, submission=sub, reason="请核对")
    on_time = submission(survey_round, xs.dg, 4)
    on_time.state, on_time.on_time = State.SUBMITTED, True
    on_time.save()
    body = _page(client_for(xs.staff), "surveys:completeness", 2024)
    cell = body.split('data-form="3"')[1].split("</td>")[0]
    assert "已退回" in cell and "按时" not in cell and "✓" not in cell
    assert "按时" in body.split('data-form="4"')[1].split("</td>")[0]


@pytest.mark.parametrize("role", ["admin", "staff", "dg_secretary", "viewer"])
def test_the_menu_leads_to_the_reports(xs, client_for, role):
    open_round(xs, 2023)
    client = client_for(getattr(xs, role))
    body = _page(client, "committees:tree")
    url = reverse("surveys:report_index")
    assert f'<a href="{url}" class="nav-reports">调研报告</a>' in body
    reports = _page(client, "surveys:report_index")
    assert "2023年度调研报告" in reports and reverse("surveys:report_runs", args=[2023]) in reports


def test_report_titles_say_diaoyan_baogao(xs, client_for):
    open_round(xs, 2023)
    body = _page(client_for(xs.admin), "surveys:report_runs", 2023)
    assert "<h1>2023年度调研报告</h1>" in body
