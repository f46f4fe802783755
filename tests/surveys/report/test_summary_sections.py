"""The workbook's 汇总 groups the indicators under the report's sections, a merged row before each
group; each indicator's section is declared once (data.SUMMARY_SECTIONS). No database."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from surveys.report import data, workbook
from surveys.report.data import OTHER_SECTION, SUMMARY_INDICATORS, SUMMARY_SECTIONS, summary_groups, summary_lines
from tests.surveys.report.test_workbook import make_report

BREAKDOWNS = (
    "town_exec_deputy_by_source",
    "backbone_age_bands",
    "fhfg_by_round",
    "fhfg_lookback",
    "fhfg_review_lookback",
    "fhfg_rectifications",
)


def test_every_indicator_of_the_summary_has_one_section():
    declared = [key for section in SUMMARY_SECTIONS for key in section.keys]
    assert len(declared) == len(set(declared))
    assert set(declared) == {key for key, *_rest in SUMMARY_INDICATORS} | set(BREAKDOWNS)


def test_the_groups_hold_every_line_once():
    report = make_report()
    groups = summary_groups(report)
    assert [title for title, _lines in groups] == [s.title for s in SUMMARY_SECTIONS]
    assert OTHER_SECTION not in dict(groups)
    assert sorted(line[0] for _t, lines in groups for line in lines) == sorted(
        line[0] for line in summary_lines(report)
    )


def test_a_line_of_an_indicator_with_no_section_is_not_lost(monkeypatch):
    monkeypatch.setattr(data, "SUMMARY_INDICATORS", (*SUMMARY_INDICATORS, ("brands_count", "品牌项目", "个", "count")))
    report = make_report()
    report.indicators["brands_count"] = {"value": 3, "previous": 2, "change": 1}
    report.indicators.pop("towns")
    groups = dict(summary_groups(report))
    assert groups[OTHER_SECTION] == [("品牌项目", "个", 3, 2, 1, "count")]
    assert "镇（街道）数" not in [line[0] for line in groups["一、班子队伍"]]


def test_the_summary_sheet_has_a_merged_row_before_each_section():
    ws = load_workbook(io.BytesIO(workbook.build(make_report())))[workbook.SUMMARY_SHEET]
    merged = {str(r) for r in ws.merged_cells.ranges}
    rows = list(ws.iter_rows(min_row=workbook.FIRST_DATA_ROW, values_only=True))
    sections = [(i, r[0]) for i, r in enumerate(rows, start=workbook.FIRST_DATA_ROW) if isinstance(r[0], str)]
    assert [title for _row, title in sections] == [s.title for s in SUMMARY_SECTIONS]
    for row, _title in sections:
        assert f"A{row}:F{row}" in merged
        assert ws.cell(row, 1).font.name == "黑体"
    # By name: a money or activity line names its year after it ("预算安排（2022年度）").
    where = {re.sub(r"（\d{4}年度）$", "", r[1]): i for i, r in enumerate(rows, start=workbook.FIRST_DATA_ROW) if r[1]}
    starts = [row for row, _title in sections] + [10**6]
    section_of = {label: next(n for n in range(5) if starts[n] < row < starts[n + 1]) for label, row in where.items()}
    assert section_of["镇（街道）关工委班子平均人数"] == 0
    assert section_of["镇（街道）常务副主任来源：退二线领导"] == 0
    assert section_of["预算安排"] == section_of["经费未足额的关工委"] == 1
    assert section_of["建成“五有五好”的村（社区）"] == section_of["“五有五好”回头看：退化"] == 2
    assert section_of["骨干层“五老”"] == section_of["骨干年龄段：70至80岁"] == 3
    assert section_of["捐资助学金额"] == section_of["宣传稿件"] == 4
    numbers = [r[0] for r in rows if isinstance(r[0], int)]
    assert numbers == list(range(1, len(summary_lines(make_report())) + 1))  # numbered through
