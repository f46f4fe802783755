"""The 问题清单's list of 五有五好 rectifications open on the report's date (ReportData.rectifications),
as the workbook and the HTML show it: one heading, one set of columns, the same cells. Pure."""

from __future__ import annotations

from .data import RectificationItem, ReportData, report_day

HEADERS = ["序号", "单位编码", "单位名称", "所属镇（街道）", "整改事项", "检查日期", "整改期限", "是否逾期", "已历天数"]
NONE = "无"


def heading(report: ReportData) -> str:
    day = report_day(report)
    return f"“五有五好”整改情况（截至{day.year}年{day.month}月{day.day}日，未经复查验证的整改）"


def cells(item: RectificationItem) -> list:
    return [
        item["committee"],
        item["committee_name"],
        item["town_name"],
        "、".join(item["items"]) or "总体结果",
        item["opened_on"].isoformat(),
        item["due_date"].isoformat(),
        "逾期" if item["overdue"] else "未逾期",
        item["age_days"],
    ]


def rows(report: ReportData) -> list[list]:
    """Each rectification's cells after its number, overdue ones first."""
    ordered = sorted(report.rectifications, key=lambda r: (not r["overdue"], r["committee"], r["due_date"]))
    return [[number, *cells(item)] for number, item in enumerate(ordered, start=1)]
