"""The report workbook: a hand-made ReportData in, a workbook whose 合计 rows add up, that
LibreOffice opens and prints. No database. `make_report()` is shared with test_docx and test_html."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveys.report import form_sheets, workbook
from surveys.report.catalogue import rule_label
from surveys.report.data import FormData, ReportData, TownRows
from surveys.spec import MAIN, SUB, Aggregate, FieldType, find_form, form_specs
from tests import libreoffice
from tests.surveys.forms import ITEMS, SHEETS
from tests.surveys.report.sheets import form_headers, table_rows

YEAR = 2023
TOWNS = [
    (
        "XS01",
        "东港镇关工委",
        "town",
        [("XS01V01", "东港村关工委", "village"), ("XS01V02", "港下社区关工委", "community")],
    ),
    ("XS06", "安镇街道关工委", "subdistrict", [("XS06V01", "大成社区关工委", "community")]),
    ("XS03", "鹅湖镇关工委", "town", [("XS03V01", "甘露村关工委", "village"), ("XS03V02", "荡口村关工委", "village")]),
]


def _indicator(value, previous=None):
    if previous is None or isinstance(value, list):
        change = None
    elif isinstance(value, dict):
        change = {k: value.get(k, 0) - previous.get(k, 0) for k in value}
    elif isinstance(value, str):
        change = f"{Decimal(value) - Decimal(previous):.2f}"
    else:
        change = round(value - previous, 3) if isinstance(value, float) else value - previous
    return {"value": value, "previous": previous, "change": change}


def _leadership(code, name, kind, n):
    town = kind in ("town", "subdistrict")
    return {
        "committee_code": code,
        "committee_name": name,
        "level": kind,
        "leadership_size": 8 if town else 4 + n,
        "director_name": "张建国",
        "director_concurrent": True,
        "exec_deputy_name": "李志明",
        "exec_deputy_birth_year": 1964 if town else 1955,
        "exec_deputy_source": "second_line_leader" if town else "retired_teacher",
        "exec_deputy_five_old": not (code == "XS06V01"),
        "deputies": 2,
        "five_old_deputy": True,
        "office_head": "王伟" if town else "",
        "young_staff": 1 + n % 2,
        "notes": "",
    }


def _funds(code, name, kind, n):
    town = kind in ("town", "subdistrict")
    return {
        "committee_code": code,
        "committee_name": name,
        "year": YEAR,
        "standard_lower": "8.00" if town else "3.00",
        "standard_upper": "10.00" if town else "5.00",
        "budget": "10.00" if town else "4.00",
        "in_place": "10.00" if town else ("2.50" if code == "XS03V02" else f"{3.5 + n * 0.25:.2f}"),
        "in_fiscal_budget": True,
        "special_funds": "1.20" if town else "0",
        "subsidy_people": 2 if town else 1,
        "subsidy_amount": "1.20" if town else "0.60",
        "raised": f"{0.35 * (n + 1):.2f}",
        "notes": "",
    }


def _fhfg(code, name, n):
    return {
        "committee_code": code,
        "committee_name": name,
        "fhfg_built": True,
        "built_year": 2010 + n,
        "creation_round": ("first", "second", "new")[n % 3],
        **{f"fhfg_item_{i}": "met" for i in range(1, 11)},
        "lookback": "regressed" if code == "XS03V01" else "consolidated",
        "rectification": "补齐活动阵地" if code == "XS03V01" else "",
    }


def _five_olds(code, name, n):
    backbone = 40 + n
    return {
        "committee_code": code,
        "committee_name": name,
        "backbone": backbone,
        "participants": 380 + n,
        "cadres": 100,
        "veterans": 60,
        "experts": 40,
        "teachers": 200 + 2 * n,
        "model_workers": 20,
        "backbone_under_60": 3,
        "backbone_60_69": 10,
        "backbone_70_80": 25 + n,
        "backbone_over_80": 2,
        "joined": 5,
        "exited": 2,
        "volunteer_teams": 2,
    }


def _systems(code, name, n):
    return {
        "committee_code": code,
        "committee_name": name,
        "in_party_assessment": True,
        "assessment_weight": ("1", "2.5", "3")[n % 3],
        "village_assessment_rules": n != 1,
        "exec_deputy_meetings": 4,
        "joint_meetings": 2,
        "field_visits": 6,
        "tutoring_stations": 3,
        "hub_villages": 5 + n,
        "station_activities": 40,
        "station_beneficiaries": 1200,
        "family_lectures": 12,
        "family_audience": 900,
        "study_aid": ("120.50", "98.32", "116.00")[n],
        "study_aid_students": 300,
        "internship_enterprises": 7,
        "recommended_jobs": 17,
        "articles": 36,
    }


def make_forms() -> dict[int, FormData]:
    specs = form_specs(YEAR, ITEMS)
    forms = {spec.number: FormData(spec=spec) for spec in specs}
    for n, (code, name, kind, villages) in enumerate(TOWNS):
        units = [(code, name, kind), *villages]

        def add(form, section, rows, *, code=code, name=name):
            forms[form].sections.setdefault(section, []).append(TownRows(town=code, name=name, rows=rows))

        add(1, MAIN, [_leadership(c, nm, k, i) for i, (c, nm, k) in enumerate(units)])
        add(2, MAIN, [_funds(c, nm, k, i) for i, (c, nm, k) in enumerate(units)])
        add(3, MAIN, [_fhfg(c, nm, i) for i, (c, nm, _k) in enumerate(villages)])
        add(
            3,
            SUB,
            [
                {
                    "committee_code": code,
                    "committee_name": name,
                    "schools": 4 + n,
                    "enterprises": 45,
                    "fhfg_enterprises": 8,
                }
            ],
        )
        add(4, MAIN, [_five_olds(code, name, n)])
        add(
            4,
            SUB,
            [
                {
                    "committee_code": code,
                    "name": f"{name[:2]}老干部宣讲团",
                    "team_type": "lecture_group",
                    "members": 12,
                    "founded_year": 2015,
                    "service": "宣讲",
                },
                {
                    "committee_code": code,
                    "name": f"{name[:2]}“五老”爱心志愿团",
                    "team_type": "service_team",
                    "members": 20 + n,
                    "founded_year": None,
                    "service": "",
                },
            ],
        )
        add(5, MAIN, [_systems(code, name, n)])
        add(
            5,
            SUB,
            [
                {
                    "committee_code": code,
                    "name": f"{name[:2]}一站多点",
                    "category": "hub_and_points",
                    "start_year": 2017,
                    "summary": "",
                    "key_figures": "",
                }
            ],
        )
    return forms


def make_report(*, with_previous: bool = True) -> ReportData:
    """A report with the district's figures of the seed report and three towns' rows."""
    p = (lambda v: v) if with_previous else (lambda v: None)
    indicators = {
        "towns": _indicator(9, p(9)),
        "villages": _indicator(128, p(127)),
        "schools": _indicator(39, p(39)),
        "enterprises": _indicator(404, p(398)),
        "fhfg_enterprises": _indicator(74, p(70)),
        "town_leadership_avg_size": _indicator(8.1, p(8.0)),
        "towns_director_deputy_secretary": _indicator(9, p(9)),
        "town_exec_deputy_avg_age": _indicator(59.0, p(58.0)),
        "town_exec_deputy_by_source": _indicator(
            {"second_line_leader": 4, "retired_leader": 4, "retired_principal": 1},
            p({"second_line_leader": 4, "retired_leader": 5, "retired_principal": 0}),
        ),
        "village_exec_deputy_five_old": _indicator(127, p(125)),
        "village_exec_deputy_five_old_share": _indicator(0.992, p(0.984)),
        "village_exec_deputy_exceptions": _indicator(
            [{"committee": "XS06V01", "name": "大成社区关工委", "has_five_old_deputy": True}], None
        ),
        "villages_with_young_staff": _indicator(128, p(126)),
        "volunteer_teams": _indicator(59, p(56)),
        "backbone": _indicator(368, p(365)),
        "participants": _indicator(3450, p(3400)),
        "backbone_age_bands": _indicator(
            {"under_60": 20, "60_69": 95, "70_80": 231, "over_80": 22},
            p({"under_60": 22, "60_69": 100, "70_80": 220, "over_80": 23}),
        ),
        "backbone_age_70_80_share": _indicator(0.628, p(0.603)),
        "backbone_age_70_plus_share": _indicator(0.688, p(0.666)),
        "funds_below_standard": _indicator(1, p(3)),
        "funds_in_fiscal_budget_share": _indicator(1.0, p(0.95)),
        "funds_budget_wan": _indicator("582.00", p("570.00")),
        "funds_in_place_wan": _indicator("575.50", p("560.25")),
        "special_funds_wan": _indicator("36.40", p("30.00")),
        "subsidy_wan": _indicator("88.20", p("85.00")),
        "raised_wan": _indicator("45.15", p("40.00")),
        "funds_in_place_by_town": _indicator(
            [
                {"town": "XS01", "name": "东港镇关工委", "in_place": "17.75", "standard_lower": "14.00"},
                {"town": "XS06", "name": "安镇街道关工委", "in_place": "13.50", "standard_lower": "11.00"},
                {"town": "XS03", "name": "鹅湖镇关工委", "in_place": "16.25", "standard_lower": "14.00"},
            ]
        ),
        "fhfg_villages": _indicator(128, p(127)),
        "fhfg_by_round": _indicator({"first": 110, "second": 14, "new": 4}),
        "fhfg_lookback": _indicator({"consolidated": 100, "improved": 20, "regressed": 1, "not_checked": 7}),
        "fhfg_regressed": _indicator([{"committee": "XS03V01", "name": "甘露村关工委"}]),
        "towns_in_party_assessment": _indicator(9, p(9)),
        "exec_deputy_meetings": _indicator(36, p(36)),
        "joint_meetings": _indicator(18, p(16)),
        "field_visits": _indicator(54, p(50)),
        "tutoring_stations": _indicator(27, p(27)),
        "hub_and_points_villages": _indicator(42, p(39)),
        "station_activities": _indicator(360, p(340)),
        "station_beneficiaries": _indicator(10800, p(10000)),
        "family_lectures": _indicator(150, p(140)),
        "family_audience": _indicator(20000, p(18000)),
        "study_aid_donations_wan": _indicator("334.82", p("300.00")),
        "study_aid_students": _indicator(1024, p(1000)),
        "internship_enterprises": _indicator(21, p(20)),
        "recommended_jobs": _indicator(50, p(48)),
        "articles": _indicator(320, p(300)),
    }
    return ReportData(
        year=YEAR,
        scope="XS",
        scope_name="锡山区关工委",
        generated_at=datetime.datetime(2024, 1, 8, 9, 30, tzinfo=datetime.UTC),
        indicators=indicators,
        problems=[
            {
                "rule": "backbone_aging",
                "committee": None,
                "committee_name": "锡山区关工委",
                "value": 0.688,
                "message": "骨干70岁以上占68.8%，超过50%。",
            },
            {
                "rule": "funds_below_standard",
                "committee": "XS03V02",
                "committee_name": "荡口村关工委",
                "value": "2.50",
                "message": "实际到位 2.50 万元，低于标准下限 3.00 万元。",
            },
            {
                "rule": "fhfg_regressed",
                "committee": "XS03V01",
                "committee_name": "甘露村关工委",
                "value": "regressed",
                "message": "回头看结果为退化。",
            },
            {
                "rule": "form_missing",
                "committee": "XS09",
                "committee_name": "云林街道关工委",
                "value": "returned",
                "message": "表2 已退回，未审核通过。",
            },
        ],
        recommendations=[],
        missing=[{"town": "XS09", "form": 2, "state": "returned", "town_name": "云林街道关工委"}],
        forms=make_forms(),
    )


def _sheet_rows(ws):
    return table_rows(ws)


def test_it_writes_the_sheets_in_order():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    assert book.sheetnames == ["汇总", *SHEETS, "问题清单", "附表", "图表"]


def test_the_appendix_lists_the_exception_villages_and_the_forms_left_out():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    rows = [tuple(v for v in r if v is not None) for r in book["附表"].iter_rows(values_only=True)]
    exceptions = rows.index(("常务副主任不是“五老”的村（社区）",))
    assert rows[exceptions + 1] == ("序号", "单位名称", "单位编码", "是否配备五老副主任")
    assert rows[exceptions + 2] == (1, "大成社区关工委", "XS06V01", "是")
    missing = rows.index(("未审核通过（未计入）的调查表",))
    assert rows[missing + 2] == (1, "云林街道关工委", "XS09", "表2", "已退回")
    # No repeated title rows: on paper, the appendix's own headers head its tables.
    assert book["附表"].print_title_rows is None
    assert book["汇总"].print_title_rows == "$3:$3"


def test_an_empty_appendix_says_none():
    report = make_report()
    report.indicators["village_exec_deputy_exceptions"] = {"value": [], "previous": [], "change": None}
    report.missing = []
    book = load_workbook(io.BytesIO(workbook.build(report)))
    rows = [tuple(v for v in r if v is not None) for r in book["附表"].iter_rows(values_only=True)]
    assert rows.count(("无",)) == 2


def test_every_total_is_the_sum_of_the_rows_fed():
    report = make_report()
    book = load_workbook(io.BytesIO(workbook.build(report)))
    checked = 0
    for number, data in report.forms.items():
        for section in data.spec.sections:
            ws = book[section.sheet]
            assert form_headers(ws) == form_sheets.column_headers(section)
            rows = _sheet_rows(ws)
            total = rows[-1]
            assert total[0] == "合计"
            fed = [row for town in data.towns(section.section) for row in town["rows"]]
            for index, f in enumerate(section.fields):
                if f.aggregate == Aggregate.SUM and f.type == FieldType.INT:
                    assert total[index] == sum(r[f.key] for r in fed), (section.sheet, f.header)
                    checked += 1
                elif f.aggregate == Aggregate.SUM:
                    assert Decimal(str(total[index])).quantize(Decimal("0.01")) == sum(Decimal(r[f.key]) for r in fed)
                    checked += 1
                elif f.aggregate == Aggregate.NONE and index > 1:
                    assert total[index] is None, (section.sheet, f.header)
            assert number in (1, 2, 3, 4, 5)
    assert checked > 40


def test_every_town_gets_a_subtotal_of_its_own_rows():
    report = make_report()
    book = load_workbook(io.BytesIO(workbook.build(report)))
    section = find_form([d.spec for d in report.forms.values()], 2).main
    column = [f.key for f in section.fields].index("in_place")
    subtotals = [r for r in _sheet_rows(book[section.sheet]) if r[0] == "小计"]
    towns = report.forms[2].towns(MAIN)
    assert [r[1] for r in subtotals] == [t["name"] for t in towns]
    for row, town in zip(subtotals, towns, strict=True):
        assert Decimal(str(row[column])).quantize(Decimal("0.01")) == sum(Decimal(r["in_place"]) for r in town["rows"])


def test_one_row_per_town_sections_have_no_subtotals():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    rows = _sheet_rows(book["表4 五老队伍"])
    assert [r[0] for r in rows] == ["XS01", "XS06", "XS03", "合计"]
    assert rows[-1][2] == 40 + 41 + 42


def test_it_shows_labels_money_and_yes_no():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    ws = book["表1 班子队伍"]
    first = _sheet_rows(ws)[0]
    assert first[2] == "镇" and first[5] == "是" and first[8] == "退二线领导"
    money = book["表2 经费落实"].cell(form_sheets.FIRST_DATA_ROW, 7)
    assert money.value == 10 and money.number_format == "0.00"


def test_the_summary_lists_indicators_with_last_round_and_change():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    ws = book["汇总"]
    rows = {r[1]: r for r in _sheet_rows(ws) if r[1]}
    assert rows["由“五老”担任常务副主任的村（社区）"][3:6] == (127, 125, 2)
    share = rows["由“五老”担任常务副主任的村（社区）占比"]
    assert share[3] == pytest.approx(0.992)
    cell = next(c for c in ws["D"] if c.value == pytest.approx(0.992))
    assert cell.number_format == "0.0%"
    assert float(rows["捐资助学金额（2022年度）"][3]) == pytest.approx(334.82)
    assert rows["骨干年龄段：70至80岁"][3:6] == (231, 220, 11)


def test_the_problem_list_names_every_problem():
    report = make_report()
    ws = load_workbook(io.BytesIO(workbook.build(report)))["问题清单"]
    rows = [r for r in _sheet_rows(ws) if r[0] is not None]
    rows = rows[: len(report.problems)]  # then the rectifications' table (test_rectification_rule)
    assert [r[1] for r in rows] == [rule_label(p["rule"]) for p in report.problems]
    assert rows[1][2:5] == ("XS03V02", "荡口村关工委", 2.5)


def test_it_has_the_charts():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    # openpyxl does not read charts back; count them in the package instead.
    with zipfile.ZipFile(io.BytesIO(workbook.build(make_report()))) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 4  # not the 建成覆盖 pie: 128 of 128 villages, one slice
    assert book["图表"]["A4"].value == "骨干“五老”年龄段"


def test_it_is_set_up_for_printing():
    book = load_workbook(io.BytesIO(workbook.build(make_report())))
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        if ws.title == workbook.CHARTS_SHEET:  # a scale of its own: its row breaks keep each chart whole
            assert 30 <= int(ws.page_setup.scale) <= 100 and not ws.sheet_properties.pageSetUpPr.fitToPage
        else:
            assert ws.page_setup.fitToWidth in (None, 1)  # absent: 1 page wide, the default
            assert ws.page_setup.fitToHeight == 0
            assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    ws = book["表2 经费落实"]
    assert ws.freeze_panes == "C5"
    assert "A1:M1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].font.name == "黑体"
    assert ws["A5"].font.name == "宋体"
    assert ws.print_title_rows == "$3:$4"


def test_it_builds_without_a_previous_round_or_rows():
    report = make_report(with_previous=False)
    report.forms = {}
    report.problems = []
    report.missing = []
    book = load_workbook(io.BytesIO(workbook.build(report)))
    assert book.sheetnames == ["汇总", "问题清单", "附表", "图表"]


def test_libreoffice_converts_it_to_pdf(tmp_path: Path):
    source = tmp_path / "report.xlsx"
    source.write_bytes(workbook.build(make_report()))
    pdf = libreoffice.convert(source, "pdf", tmp_path)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", content)) > 0
