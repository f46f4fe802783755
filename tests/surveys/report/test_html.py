"""The HTML report: the fragment for the portal page and the standalone file that opens offline."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from surveys.report import html
from surveys.report.data import ReportData
from surveys.spec import MAIN
from tests.browser.conftest import browser, page  # noqa: F401  (the chromium fixtures)
from tests.surveys.report.test_workbook import make_report


def _text(markup: str) -> str:
    markup = re.sub(r"<(script|style).*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", markup)))


def _charts(markup: str) -> list[dict]:
    return [json.loads(unescape(m)) for m in re.findall(r'data-report-chart="([^"]*)"', markup)]


def test_the_body_carries_the_narrative_and_figures():
    text = _text(html.render_body(make_report()))
    assert "全区128个村（社区），有127个村（社区）关工委由“五老”担任常务副主任，占99.2%" in text
    assert "一、基层基础建设的实践和成效" in text and "三、基层基础建设的对策和建议" in text
    for figure in ("3450", "368", "334.82", "59岁", "42个村（社区）", "39所", "404家", "74家"):
        assert figure in text, figure


def test_the_body_tables_the_indicators_and_problems():
    body = html.render_body(make_report())
    assert re.search(r"<td>由“五老”担任常务副主任的村（社区）占比</td><td></td><td class=\"num\">99.2%</td>", body)
    assert "<td>荡口村关工委</td>" in body
    assert "云林街道关工委 表2（已退回）" in _text(body)
    assert "大成社区关工委" in body


def test_the_charts_are_data_attributes_read_by_the_chart_script():
    charts = _charts(html.render_body(make_report()))
    assert [c["title"] for c in charts] == [
        "骨干“五老”年龄段",
        "骨干“五老”年龄构成",
        "经费实际到位与标准下限",
        "“五有五好”回头看结果",
    ]  # not the 建成覆盖 pie: 128 villages of 128, one slice
    funds = charts[2]
    assert funds["type"] == "bar" and funds["categories"] == ["东港镇关工委", "安镇街道关工委", "鹅湖镇关工委"]
    assert funds["series"][0] == {"name": "实际到位", "data": [17.75, 13.5, 16.25]}
    assert charts[0]["series"][0]["data"] == [20, 95, 231, 22]


def test_the_form_tables_have_subtotals_and_a_total():
    report = make_report()
    body = html.render_body(report)
    in_place = sum(Decimal(r["in_place"]) for t in report.forms[2].towns(MAIN) for r in t["rows"])
    table = body[body.index("表2 经费落实情况表") :]
    table = table[: table.index("</details>")]
    assert table.count('<tr class="subtotal">') == 3
    assert table.count('<tr class="total">') == 1
    total = re.search(r'<tr class="total">(.*?)</tr>', table, re.S).group(1)
    assert "<td>合计</td>" in total and f'<td class="num">{in_place:.2f}</td>' in total


def test_the_body_loads_no_script_and_no_network_resource():
    body = html.render_body(make_report())
    assert "<script" not in body
    assert not re.search(r"(src|href)=\"(https?:)?//", body)


def test_the_page_scripts_come_from_our_static_files():
    scripts = render_to_string("surveys/report/_scripts.html")
    assert "vendor/echarts/echarts.min.js" in scripts and "js/report-charts.js" in scripts
    assert "http" not in scripts


def test_the_interface_words_follow_the_language():
    with translation.override("en"):
        body = html.render_body(make_report())
    assert "Chart data" in body
    assert "主要指标" in body  # report content stays Chinese


def test_it_renders_an_empty_report():
    report = ReportData(year=2023, scope="XS01", scope_name="东港镇关工委", generated_at=datetime.datetime(2024, 1, 8))
    body = html.render_body(report)
    assert "东港镇关工委" in body and "data-report-chart" not in body and "report-forms" not in body


def test_the_standalone_file_inlines_echarts():
    content = html.build(make_report()).decode("utf-8")
    assert content.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in content
    assert "echarts" in content and "Apache" in content  # the library's own banner
    assert "data-report-chart" in content
    assert not re.search(r"<script[^>]+src=", content)
    assert not re.search(r"(src|href)=\"(https?:)?//", content)
    assert content.count("<script>") == 2


@pytest.mark.browser
def test_the_standalone_file_draws_its_charts_offline(page, tmp_path):  # noqa: F811
    path = tmp_path / "report.html"
    path.write_bytes(html.build(make_report()))
    requested = []

    def refuse(route):
        requested.append(route.request.url)
        route.abort()

    page.route(re.compile(r"^https?://"), refuse)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("[data-report-chart][data-drawn] svg")
    assert page.locator("[data-report-chart][data-drawn]").count() == 4
    assert page.locator("[data-report-chart] svg").count() == 4
    assert "骨干“五老”年龄段" in page.locator("#chart-age-bands svg").inner_html()
    assert errors == [] and requested == []
