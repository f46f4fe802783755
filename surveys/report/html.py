"""The district report as HTML, pure: ReportData in, markup out.

`render_body(report)` is the fragment a portal page shows (templates/surveys/report/_body.html):
the narrative of the Word draft, the key indicators, the problems, the charts and every form's
table. Charts are <div data-report-chart="{json}"> that static/js/report-charts.js draws with
the vendored ECharts; the page that shows the fragment includes surveys/report/_scripts.html.
`build(report)` is a standalone file to download: the same fragment in a whole document with
ECharts and the chart script inlined, so that it opens offline.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from surveys.report import rectifications
from surveys.report.catalogue import rule_label
from surveys.report.charts import chart_data
from surveys.report.data import (
    STATE_LABELS,
    ReportData,
    problem_value_label,
    report_day,
    summary_lines,
)
from surveys.report.form_sheets import header_texts
from surveys.report.narrative import change_text, chinese_date, draft, figure
from surveys.report.totals import section_table
from surveys.spec import SectionSpec

# Headings and column headers of the report: Chinese content, like the workbook's sheets.
TEXT = {
    "summary": "主要指标",
    "exceptions": "常务副主任不是“五老”的村（社区）",
    "problems": "问题清单",
    "no_problems": "本次调查数据未触发所设问题规则。",
    "missing": "未审核通过（未计入）的调查表",
    "charts": "图表",
    "forms": "调查表汇总",
}
PROBLEM_HEADERS = ["序号", "问题", "单位编码", "单位名称", "数值", "说明"]
EXCEPTION_HEADERS = ["单位编码", "单位名称", "是否配备五老副主任"]
ECHARTS = "vendor/echarts/echarts.min.js"
CHARTS_SCRIPT = "js/report-charts.js"
REPORT_CSS = "css/report.css"  # linked by the portal's page, inlined in the standalone file


def _cell(value) -> dict:
    if value is None:
        return {"text": "", "num": False}
    if isinstance(value, Decimal):
        return {"text": f"{value:.2f}", "num": True}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"text": str(value), "num": True}
    return {"text": str(value), "num": False}


def _chart(key: str, kind: str, title: str, categories: list[str], series: list[dict], unit: str = "") -> dict:
    spec = {"type": kind, "title": title, "categories": categories, "series": series, "unit": unit}
    rows = [[category, *[s["data"][i] for s in series]] for i, category in enumerate(categories)]
    return {
        "key": key,
        "title": title,
        "json": json.dumps(spec, ensure_ascii=False),
        "headers": ["", *[s["name"] for s in series]],
        "rows": rows,
    }


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def charts(report: ReportData) -> list[dict]:
    """The report's charts (charts.CHARTS, as the workbook's 图表 sheet), as ECharts specs (JSON)
    with their data tables."""
    return [
        _chart(
            item.chart.key,
            item.chart.kind,
            item.chart.title,
            item.table.categories,
            [{"name": s.name, "data": [_plain(v) for v in s.data]} for s in item.table.series],
            item.chart.unit,
        )
        for item in chart_data(report)
    ]


def header_rows(section: SectionSpec) -> list[list[dict]]:
    """A section's two header rows, as the workbook's: a group over its columns' short headers,
    a column of no group spanning both rows."""
    upper: list[dict] = []
    lower: list[dict] = []
    for group, fields in section.header_groups:
        heading, texts = header_texts(section, group, fields)
        if group:
            upper.append({"text": heading, "colspan": len(fields), "rowspan": 1})
            lower.extend({"text": text, "colspan": 1, "rowspan": 1} for text in texts)
        else:
            upper.append({"text": texts[0], "colspan": 1, "rowspan": 2})
    return [upper, lower]


def tables(report: ReportData) -> list[dict]:
    """Every form section as the workbook's sheet: headers, rows, 小计 and 合计."""
    found = []
    for number in sorted(report.forms):
        data = report.forms[number]
        for section in data.spec.sections:
            rows = section_table(section, data.towns(section.section), report.scope_name)
            found.append(
                {
                    "title": section.title,
                    "sheet": section.sheet,
                    "header_rows": header_rows(section),
                    "rows": [{"kind": r.kind, "cells": [_cell(v) for v in r.cells]} for r in rows],
                    "count": sum(1 for r in rows if r.kind == "row"),
                }
            )
    return found


def _problem_value(problem) -> str:
    value = problem.get("value")
    if isinstance(value, float) and problem["rule"] == "backbone_aging":
        return figure("share", value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else str(problem_value_label(value))


def context(report: ReportData) -> dict:
    text = draft(report)
    return {
        "report": report,
        "draft": text,
        "generated": chinese_date(report_day(report)),
        "text": TEXT,
        "summary_headers": ["指标", "单位", f"{report.year}年调查", f"{report.year - 1}年调查", "增减"],
        "problem_headers": PROBLEM_HEADERS,
        "exception_headers": EXCEPTION_HEADERS,
        "yes_no": "是,否",
        "summary": [
            {
                "label": label,
                "unit": unit,
                "value": figure(kind, value),
                "previous": figure(kind, previous),
                "change": change_text(kind, change),
            }
            for label, unit, value, previous, change, kind in summary_lines(report)
        ],
        "problems": [
            {
                "rule": rule_label(p["rule"]),
                "code": p.get("committee") or "",
                "name": p.get("committee_name") or "",
                "value": _problem_value(p),
                "message": p.get("message") or "",
            }
            for p in report.problems
        ],
        "missing": [
            {
                "town": m.get("town_name") or report.town_name(m["town"]),
                "form": m["form"],
                "state": STATE_LABELS.get(m["state"], m["state"]),
            }
            for m in report.missing
        ],
        "rectification_heading": rectifications.heading(report),
        "rectification_headers": rectifications.HEADERS,
        "rectifications": rectifications.rows(report),
        "exceptions": report.value("village_exec_deputy_exceptions") or [],
        "charts": charts(report),
        "tables": tables(report),
    }


def render_body(report: ReportData) -> str:
    """The report as an HTML fragment for a portal page."""
    return render_to_string("surveys/report/_body.html", context(report))


def _script(path: str) -> str:
    found = finders.find(path) or str(Path(settings.BASE_DIR) / "static" / path)
    # A script's text ends at the first "</script": never let the inlined file carry one.
    return Path(found).read_text(encoding="utf-8").replace("</script", "<\\/script")


def _style(path: str) -> str:
    found = finders.find(path) or str(Path(settings.BASE_DIR) / "static" / path)
    return Path(found).read_text(encoding="utf-8").replace("</style", "<\\/style")


def build(report: ReportData) -> bytes:
    """A standalone HTML file of the report that opens offline (ECharts inlined)."""
    html = render_to_string(
        "surveys/report/standalone.html",
        {
            "report": report,
            "title": draft(report).title,
            "body": render_body(report),
            "echarts": _script(ECHARTS),
            "charts_script": _script(CHARTS_SCRIPT),
            "report_css": _style(REPORT_CSS),
        },
    )
    return html.encode("utf-8")
