"""The district report as HTML, pure: ReportData in, markup out.

`render_body(report)` is the fragment a portal page shows: the narrative of the Word draft, the
key indicators, the problems and the charts (templates/surveys/report/_body_start.html), then
every form's table (html_tables, written in Python row by row). Charts are <div data-report-chart="{json}"> that static/js/report-charts.js draws with
the vendored ECharts; the page that shows the fragment includes surveys/report/_scripts.html.
`build(report)` is a standalone file to download: the same fragment in a whole document with
ECharts and the chart script inlined, so that it opens offline; `write(report, out)` writes it
to a file piece by piece (a province's page is some tens of MB: runs store it that way).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

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
from surveys.report.html_tables import forms_chunks
from surveys.report.narrative import change_text, chinese_date, draft, figure

# Headings and column headers of the report: Chinese content, like the workbook's sheets.
TEXT = {
    "summary": "主要指标",
    "exceptions": "常务副主任不是“五老”的村（社区）",
    "problems": "问题清单",
    "no_problems": "本次调查数据未触发所设问题规则。",
    "missing": "未审核通过（未计入）的调查表",
    "charts": "图表",
}
PROBLEM_HEADERS = ["序号", "问题", "单位编码", "单位名称", "数值", "说明"]
EXCEPTION_HEADERS = ["单位编码", "单位名称", "是否配备五老副主任"]
ECHARTS = "vendor/echarts/echarts.min.js"
CHARTS_SCRIPT = "js/report-charts.js"
REPORT_CSS = "css/report.css"  # linked by the portal's page, inlined in the standalone file


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
    }


def body_chunks(report: ReportData) -> Iterator[str]:
    """The fragment in pieces: the narrative to the charts from the template, then the form
    tables row by row (html_tables), so that a province's page is never one string in memory."""
    yield render_to_string("surveys/report/_body_start.html", context(report))
    yield from forms_chunks(report)
    yield "\n</article>\n"


def render_body(report: ReportData) -> str:
    """The report as an HTML fragment for a portal page."""
    return "".join(body_chunks(report))


def _script(path: str) -> str:
    found = finders.find(path) or str(Path(settings.BASE_DIR) / "static" / path)
    # A script's text ends at the first "</script": never let the inlined file carry one.
    return Path(found).read_text(encoding="utf-8").replace("</script", "<\\/script")


def _style(path: str) -> str:
    found = finders.find(path) or str(Path(settings.BASE_DIR) / "static" / path)
    return Path(found).read_text(encoding="utf-8").replace("</style", "<\\/style")


def chunks(report: ReportData) -> Iterator[str]:
    """The standalone file in pieces: its head (surveys/report/standalone.html, which opens the
    <body>), the fragment, then ECharts and the chart script inlined."""
    yield render_to_string(
        "surveys/report/standalone.html",
        {"report": report, "title": draft(report).title, "report_css": _style(REPORT_CSS)},
    )
    yield from body_chunks(report)
    yield f"\n<script>{_script(ECHARTS)}</script>\n<script>{_script(CHARTS_SCRIPT)}</script>\n</body>\n</html>\n"


def write(report: ReportData, out: BinaryIO) -> None:
    """Write the standalone file to `out` (UTF-8) piece by piece, never whole in memory."""
    for chunk in chunks(report):
        out.write(chunk.encode("utf-8"))


def build(report: ReportData) -> bytes:
    """A standalone HTML file of the report that opens offline (ECharts inlined)."""
    out = io.BytesIO()
    write(report, out)
    return out.getvalue()
