"""The HTML report written piece by piece (html.body_chunks, html_tables) is byte for byte what
the template loop wrote before: the templates of then are kept in html_before/, rendered here
with the cell dicts they took, and compared with today's page and file."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Engine

from surveys.report import html, html_tables
from surveys.report.data import ReportData
from surveys.report.form_sheets import header_texts
from surveys.report.runs import report_data_build
from surveys.report.totals import section_table
from surveys.selectors import round_for_year
from tests.surveys.report.conftest import district
from tests.surveys.report.test_workbook import make_report

BEFORE = Engine(
    dirs=[str(Path(__file__).parent / "html_before"), str(Path(settings.BASE_DIR) / "templates")],
    libraries={"i18n": "django.templatetags.i18n"},
)


def _cell(value) -> dict:
    if value is None:
        return {"text": "", "num": False}
    if isinstance(value, Decimal):
        return {"text": f"{value:.2f}", "num": True}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"text": str(value), "num": True}
    return {"text": str(value), "num": False}


def _header_rows(section) -> list[list[dict]]:
    upper, lower = [], []
    for group, fields in section.header_groups:
        heading, texts = header_texts(section, group, fields)
        if group:
            upper.append({"text": heading, "colspan": len(fields), "rowspan": 1})
            lower.extend({"text": text, "colspan": 1, "rowspan": 1} for text in texts)
        else:
            upper.append({"text": texts[0], "colspan": 1, "rowspan": 2})
    return [upper, lower]


def _tables(report: ReportData) -> list[dict]:
    found = []
    for number in sorted(report.forms):
        data = report.forms[number]
        for section in data.spec.sections:
            rows = section_table(section, data.towns(section.section), report.scope_name)
            found.append(
                {
                    "title": section.title,
                    "header_rows": _header_rows(section),
                    "rows": [{"kind": r.kind, "cells": [_cell(v) for v in r.cells]} for r in rows],
                    "count": sum(1 for r in rows if r.kind == "row"),
                }
            )
    return found


def body_before(report: ReportData) -> str:
    context = {**html.context(report), "tables": _tables(report)}
    context["text"] = {**context["text"], "forms": "调查表汇总"}
    return BEFORE.get_template("surveys/report/_body.html").render(Context(context))


def file_before(report: ReportData) -> bytes:
    context = {
        "report": report,
        "title": html.draft(report).title,
        "body": body_before(report),
        "echarts": html._script(html.ECHARTS),
        "charts_script": html._script(html.CHARTS_SCRIPT),
        "report_css": html._style(html.REPORT_CSS),
    }
    return BEFORE.get_template("surveys/report/standalone.html").render(Context(context)).encode("utf-8")


def assert_same(report: ReportData) -> None:
    assert html.render_body(report) == body_before(report)
    written = io.BytesIO()
    html.write(report, written)
    assert written.getvalue() == html.build(report) == file_before(report)


def test_the_demo_districts_page_and_file_are_as_the_templates_wrote_them(demo):
    report = report_data_build(survey_round=round_for_year(2023), scope=district())
    assert sum(len(d.towns(s.section)) for d in report.forms.values() for s in d.spec.sections)  # tables to write
    assert_same(report)


def test_markup_in_a_cell_is_escaped_as_the_template_escaped_it():
    report = make_report()
    form = min(report.forms)
    towns = report.forms[form].towns(report.forms[form].spec.sections[0].section)
    assert towns, "the report has a row to put markup in"
    row = towns[0]["rows"][0]
    key = next(k for k, v in row.items() if isinstance(v, str))
    row[key] = "<b>\"东港\" & '村'</b>"
    assert_same(report)
    assert "&lt;b&gt;&quot;东港&quot; &amp; &#x27;村&#x27;&lt;/b&gt;" in html.render_body(report)


def test_a_report_without_forms_has_no_tables_section():
    report = dataclasses.replace(make_report(), forms={})
    assert_same(report)
    assert 'id="report-forms"' not in html.render_body(report)


@pytest.mark.parametrize("value", [None, 3, 2.5, Decimal("1.5"), True, "<a>"])
def test_a_cell_is_as_the_templates_cell(value):
    before = BEFORE.from_string('<td{% if cell.num %} class="num"{% endif %}>{{ cell.text }}</td>').render(
        Context({"cell": _cell(value)})
    )
    assert html_tables.cell(value) == before
