"""The 小计 and 合计 rows of the report's form tables add each column up by the rule its field
declares (Field.aggregate): counts and money sum, 考核分值 averages, years give their range, yes/no
and enumerations count each answer. Checked against the database on the demo's 2023 round, in
the workbook and in the HTML table; and a town of one row in a list gets no 小计."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import lxml.html
import pytest
from django.db.models import Avg, Count, DecimalField, IntegerField, Max, Min, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from openpyxl import load_workbook

from surveys.report import form_sheets, html, totals, workbook
from surveys.report.runs import report_data_build
from surveys.selectors import round_for_year, round_specs
from surveys.spec import BOOL_LABELS, MAIN, SUB, Aggregate, Field, FieldType, SectionSpec, find_form
from tests.surveys.report.conftest import district
from tests.surveys.report.test_report_demo_files import approved
from tests.surveys.report.test_workbook import _sheet_rows, make_report

YEAR = 2023
ADDED_UP = (Aggregate.COUNTS, Aggregate.AVERAGE, Aggregate.RANGE)


# What a cell says, read back --------------------------------------------------------------------


def read_counts(text: str) -> dict[str, int]:
    """ "达标10\\n基本达标1" → {"达标": 10, "基本达标": 1}."""
    found = {}
    for line in text.split("\n"):
        label, n = re.fullmatch(r"(\D+)(\d+)", line).groups()
        found[label] = int(n)
    return found


def read_average(text: str) -> Decimal:
    return Decimal(re.fullmatch(r"平均(\d+\.\d+)", text).group(1))


def read_range(text: str) -> tuple[int, int]:
    low, _, high = text.partition("—")
    return int(low), int(high or low)


def read(f: Field, text):
    assert isinstance(text, str) and text, (f.header, text)
    if f.aggregate == Aggregate.COUNTS:
        return read_counts(text)
    return read_average(text) if f.aggregate == Aggregate.AVERAGE else read_range(text)


# Unit: a hand-made report ---------------------------------------------------------------------


def _table(report, form: int, section: str = MAIN):
    spec = find_form([d.spec for d in report.forms.values()], form).section(section)
    return spec, totals.section_table(spec, report.forms[form].towns(section), report.scope_name)


def _cells(spec: SectionSpec, row) -> dict[str, object]:
    return {f.key: value for f, value in zip(spec.fields, row.cells, strict=True)}


def test_form3s_subtotal_counts_built_each_items_results_and_the_look_back():
    spec, table = _table(make_report(), 3)
    subtotals = {row.cells[1]: _cells(spec, row) for row in table if row.kind == "subtotal"}
    # 东港镇: 东港村 (first round, 2010) and 港下社区 (second round, 2011), all met, consolidated.
    dg = subtotals["东港镇关工委"]
    assert dg["fhfg_built"] == "是2" and dg["built_year"] == "2010—2011"
    assert read_counts(dg["creation_round"]) == {"第一轮": 1, "第二轮": 1}
    assert all(dg[f"fhfg_item_{i}"] == "达标2" for i in range(1, 11))
    assert dg["lookback"] == "巩固2" and dg["rectification"] is None
    assert read_counts(subtotals["鹅湖镇关工委"]["lookback"]) == {"巩固": 1, "退化": 1}
    assert "安镇街道关工委" not in subtotals  # one village: its row is its own subtotal
    total = _cells(spec, table[-1])
    assert total["committee_code"] == "合计" and total["fhfg_built"] == "是5"
    assert read_counts(total["lookback"]) == {"巩固": 4, "退化": 1}


def test_a_subtotal_of_several_lines_is_as_tall_as_its_lines_in_the_workbook():
    ws = load_workbook(io.BytesIO(workbook.build(make_report())))["表3 五有五好"]
    tall = 0
    for row in ws.iter_rows(min_row=form_sheets.FIRST_DATA_ROW):
        lines = max((str(c.value).count("\n") + 1 for c in row if c.value is not None), default=1)
        if row[0].value in ("小计", "合计") and lines > 1:
            assert ws.row_dimensions[row[0].row].height >= 14 * lines, row[0].row  # 10.5 pt lines
            tall += 1
    assert tall == 3  # 东港镇's 创建轮次, 鹅湖镇's 回头看, the 合计


def test_form5s_total_averages_the_assessment_weight_and_counts_yes_and_no():
    spec, table = _table(make_report(), 5)
    total = _cells(spec, table[-1])
    assert total["assessment_weight"] == "平均2.17"  # (1 + 2.5 + 3) / 3, not their sum 6.50
    assert total["in_party_assessment"] == "是3"
    assert total["village_assessment_rules"] == "是2\n否1"
    assert total["study_aid"] == Decimal("334.82")  # money still sums


def test_a_town_with_one_row_in_a_list_gets_no_subtotal():
    report = make_report()
    brands = report.forms[5].towns(SUB)
    brands[0]["rows"].append(
        {**brands[0]["rows"][0], "name": "东港情系未来", "category": "publicity", "start_year": 2016}
    )
    spec, table = _table(report, 5, SUB)
    assert [(row.kind, row.cells[0]) for row in table] == [
        ("row", "XS01"),
        ("row", "XS01"),
        ("subtotal", "小计"),
        ("row", "XS06"),
        ("row", "XS03"),
        ("total", "合计"),
    ]
    subtotal = _cells(spec, table[2])
    assert table[2].cells[1] == "东港镇关工委" and subtotal["start_year"] == "2016—2017"
    assert read_counts(subtotal["category"]) == {"一站多点": 1, "宣传": 1}
    book = load_workbook(io.BytesIO(workbook.build(report)))
    assert [r[0] for r in _sheet_rows(book[spec.sheet])] == ["XS01", "XS01", "小计", "XS06", "XS03", "合计"]


def test_the_spec_declares_each_columns_rule_by_its_kind():
    report = make_report()
    for data in report.forms.values():
        for section in data.spec.sections:
            for f in section.fields:
                expected = {
                    FieldType.BOOL: {Aggregate.COUNTS},
                    FieldType.CHOICE: {Aggregate.COUNTS},
                    FieldType.YEAR: {Aggregate.RANGE, Aggregate.NONE},
                    FieldType.TEXT: {Aggregate.NONE},
                    FieldType.INT: {Aggregate.SUM},
                    FieldType.DECIMAL: {Aggregate.AVERAGE if f.key == "assessment_weight" else Aggregate.SUM},
                }[f.type]
                assert f.aggregate in expected, (section.sheet, f.header, f.aggregate)
    with pytest.raises(ValueError):
        Field("notes", "备注", aggregate=Aggregate.SUM)
    with pytest.raises(ValueError):
        Field("built", "是否建成", FieldType.BOOL, aggregate=Aggregate.AVERAGE)


# The demo, against the database ----------------------------------------------------------------


def _expression(f: Field) -> dict:
    """The aggregates the database computes for the column of `f`, by name."""
    key = f"values__{f.key}"
    if f.aggregate == Aggregate.COUNTS:
        answers = [(BOOL_LABELS[v], v) for v in (True, False)] if f.type == FieldType.BOOL else []
        answers += [(c.label, c.value) for c in f.choices]
        # Aliases by position: a label may hold a space or a quote, which an alias may not.
        return {f"{f.key}|{i}": Count("id", filter=Q(**{key: value})) for i, (_label, value) in enumerate(answers)}
    if f.aggregate == Aggregate.AVERAGE:
        return {f.key: Avg(Cast(KT(key), output_field=DecimalField(max_digits=14, decimal_places=4)))}
    years = Cast(KT(key), output_field=IntegerField())
    return {f"{f.key}|min": Min(years), f"{f.key}|max": Max(years)}


def _expected(f: Field, found: dict):
    if f.aggregate == Aggregate.COUNTS:
        labels = [BOOL_LABELS[v] for v in (True, False)] if f.type == FieldType.BOOL else []
        labels += [c.label for c in f.choices]
        return {label: found[f"{f.key}|{i}"] for i, label in enumerate(labels) if found[f"{f.key}|{i}"]}
    if f.aggregate == Aggregate.AVERAGE:
        places = Decimal("0.01") if f.type == FieldType.DECIMAL else Decimal("0.1")
        mean = found[f.key]
        return None if mean is None else Decimal(str(mean)).quantize(places, rounding=ROUND_HALF_UP)
    low, high = found[f"{f.key}|min"], found[f"{f.key}|max"]
    return None if low is None else (low, high)


def database_totals(survey_round, section: SectionSpec) -> tuple[dict, dict[str, dict], dict[str, int]]:
    """The section's 合计, each town's 小计 and each town's number of rows, as the database
    aggregates the approved rows: {field key: expected reading}."""
    fields = [f for f in section.fields if f.aggregate in ADDED_UP]
    expressions = {name: e for f in fields for name, e in _expression(f).items()}
    rows = approved(survey_round, section)
    total = rows.aggregate(**expressions)
    towns = rows.values("submission__town__name").annotate(rows_n=Count("id"), **expressions)
    return (
        {f.key: _expected(f, total) for f in fields},
        {t["submission__town__name"]: {f.key: _expected(f, t) for f in fields} for t in towns},
        {t["submission__town__name"]: t["rows_n"] for t in towns},
    )


def html_rows(body: str, title: str) -> list[list[str]]:
    """The 小计 and 合计 rows of the HTML report's table titled `title`, as cell texts."""
    doc = lxml.html.fromstring(body)
    (table,) = [
        d
        for d in doc.xpath("//details[@class='form-table']")
        if d.xpath("./summary")[0].text_content().startswith(title)
    ]
    return [
        [td.text_content() or None for td in tr.xpath("./td")]
        for tr in table.xpath(".//tbody/tr[@class='subtotal' or @class='total']")
    ]


@pytest.mark.usefixtures("demo")
def test_the_demos_subtotals_and_totals_are_the_databases_counts_averages_and_ranges():
    survey_round = round_for_year(YEAR)
    data = report_data_build(survey_round=survey_round, scope=district())
    book = load_workbook(io.BytesIO(workbook.build(data)))
    body = html.render_body(data)
    checked: dict[str, int] = {}
    for spec in round_specs(survey_round):
        for section in spec.sections:
            fields = [(i, f) for i, f in enumerate(section.fields) if f.aggregate in ADDED_UP]
            if not fields:
                continue
            total, by_town, sizes = database_totals(survey_round, section)
            sheet = [r for r in _sheet_rows(book[section.sheet]) if r[0] in ("小计", "合计")]
            assert {r[1] for r in sheet if r[0] == "小计"} == {t for t, n in sizes.items() if n > 1}, section.sheet
            web = html_rows(body, section.title)
            assert [r[:2] for r in web] == [list(r[:2]) for r in sheet], section.sheet
            for line, web_line in zip(sheet, web, strict=True):
                expected = total if line[0] == "合计" else by_town[line[1]]
                for index, f in fields:
                    want = expected[f.key]
                    if not want:  # no row gives a value
                        assert line[index] is None and web_line[index] is None, (section.sheet, f.header)
                        continue
                    assert read(f, line[index]) == want, (section.sheet, line[1], f.header)
                    assert read(f, web_line[index]) == want, (section.sheet, line[1], f.header, "html")
                    checked[section.sheet] = checked.get(section.sheet, 0) + 1
    # 表3: 是否建成, 建成年份, 创建轮次, the ten items and 回头看 in each town's 小计 and the 合计.
    assert checked["表3 五有五好"] >= 14 * 10
    assert checked["表5 制度品牌"] == 3  # 列入党政考核, 考核分值, 下发村级考核办法 in the 合计
