"""A chart whose data has a single category (a 100% pie, one bar) is left out of the workbook's
图表 sheet and of the HTML report alike; with two categories it is drawn. No database."""

from __future__ import annotations

import copy

from surveys.report import html, workbook
from surveys.report.charts import chart_data
from surveys.report.data import TownRows
from surveys.spec import MAIN
from tests.surveys.report.test_chart_titles import _html_titles, _workbook_titles
from tests.surveys.report.test_workbook import make_report

COVERAGE = "“五有五好”建成覆盖"
FUNDS = "经费实际到位与标准下限"


def _drawn(report) -> tuple[list[str], list[str]]:
    return _workbook_titles(workbook.build(report)), _html_titles(report)


def test_a_single_slice_pie_is_left_out_and_two_slices_are_drawn():
    report = make_report()
    assert report.value("fhfg_villages") == report.value("villages")  # every village built: one slice
    for titles in _drawn(report):
        assert COVERAGE not in titles and FUNDS in titles

    report.indicators["fhfg_villages"] = {"value": 120, "previous": None, "change": None}
    for titles in _drawn(report):
        assert COVERAGE in titles


def test_a_bar_chart_of_one_town_is_left_out():
    report = make_report()
    funds = report.indicators["funds_in_place_by_town"]
    funds["value"] = funds["value"][:1]
    for titles in _drawn(report):
        assert FUNDS not in titles
    assert all(item.table.drawn_categories >= 2 for item in chart_data(report))


def test_a_towns_report_of_one_village_draws_no_funds_chart_and_of_two_draws_them():
    report = make_report()
    report.scope, report.scope_name, report.scope_kind = "XS03", "鹅湖镇关工委", "town"
    form = report.forms[2]
    town = next(t for t in form.towns(MAIN) if t["town"] == "XS03")
    form.sections[MAIN] = [town]
    funds = next(item for item in chart_data(report) if item.chart.title == FUNDS)
    assert funds.table.categories == ["甘露村关工委", "荡口村关工委"]  # its villages, not the town
    assert [str(v) for v in funds.table.series[0].data] == ["3.75", "2.50"]

    one = copy.deepcopy(town)
    one["rows"] = one["rows"][:2]  # the town's own row and one village
    form.sections[MAIN] = [TownRows(**one)]
    assert FUNDS not in [item.chart.title for item in chart_data(report)]
    assert FUNDS not in _html_titles(report)
    assert html.charts(report)  # the other charts are still drawn
