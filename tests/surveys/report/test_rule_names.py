"""A problem rule has one name wherever a user reads it: the rules page, the workbook's 问题清单,
the HTML report and the Word draft (its heading there too, shown on the rules page); the JSON
keeps the rule's id. A new database starts with the rules' defaults."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from html import unescape

import docx
from django.urls import reverse
from openpyxl import load_workbook

from surveys.report import docx as report_docx
from surveys.report import html, json_output, workbook
from surveys.report.catalogue import RULES
from surveys.report.models import ProblemRule
from tests.surveys.report.test_rule_pages import CODES  # every rule, in the rules' order (the draft's parts follow it)
from tests.surveys.report.test_workbook import make_report


def _report_with_every_rule():
    base = make_report()
    fired = {p["rule"]: p for p in base.problems}
    extra = {
        "exec_deputy_not_five_old_without_deputy": {
            "rule": "exec_deputy_not_five_old_without_deputy",
            "committee": "XS01V02",
            "committee_name": "新厦村关工委",
            "value": "on_duty_cadre",
            "message": "常务副主任不是“五老”，又未配备“五老”副主任。",
        },
        "no_young_staff": {
            "rule": "no_young_staff",
            "committee": "XS01V03",
            "committee_name": "芙蓉村关工委",
            "value": 0,
            "message": "年轻工作人员0人，未配齐年轻工作人员。",
        },
        "figures_unchanged": {
            "rule": "figures_unchanged",
            "committee": "XS03",
            "committee_name": "鹅湖镇关工委",
            "value": 12,
            "message": "表5的12项年度活动数据与上年完全相同，请核实。",
        },
        "rectification_overdue": {
            "rule": "rectification_overdue",
            "committee": "XS01V01",
            "committee_name": "东港村关工委",
            "value": 131,
            "message": "“五有五好”整改（有活动经费）应于2024年9月1日前完成，已逾期39天（自2024年6月1日检查起131天）。",
        },
    }
    return dataclasses.replace(base, problems=[fired.get(code) or extra[code] for code in CODES])


def _rules_page_rows(client) -> dict[str, str]:
    page = client.get(reverse("surveys:rule_list")).content.decode()
    rows = re.findall(r'<tr data-rule="([a-z_]+)">(.*?)</tr>', page, re.S)
    return {code: unescape(re.sub(r"\s+", " ", cells)) for code, cells in rows}


def _first_cell(row: str) -> str:
    return re.match(r"\s*<td>([^<]*)", row).group(1).strip()


def _workbook_labels(report) -> list[str]:
    ws = load_workbook(io.BytesIO(workbook.build(report)))["问题清单"]
    labels = []
    for row in ws.iter_rows(min_row=workbook.FIRST_DATA_ROW, values_only=True):
        if row[0] is None:
            break  # the rectifications' table follows the problems after a blank row
        labels.append(row[1])
    return labels


def _html_labels(body: str) -> list[str]:
    table = body[body.index('id="report-problems"') :]
    table = table[: table.index("</table>")]
    return [unescape(label) for label in re.findall(r"<tr><td>\d+</td><td>([^<]*)</td>", table)]


def _draft_problem_headings(report) -> list[str]:
    document = docx.Document(io.BytesIO(report_docx.build(report)))
    paragraphs = [p.text for p in document.paragraphs]
    start = next(i for i, text in enumerate(paragraphs) if text.startswith("二、"))
    end = next(i for i, text in enumerate(paragraphs) if text.startswith("三、"))
    return [re.sub(r"^（[一二三四五六七八九十]）", "", t) for t in paragraphs[start:end] if t.startswith("（")]


def test_every_page_and_file_gives_a_rule_the_same_name(xs, client_for):
    report = _report_with_every_rule()
    rows = _rules_page_rows(client_for(xs.admin))
    labels = _workbook_labels(report)
    body = html.render_body(report)

    assert sorted(rows) == sorted(CODES)
    assert len(labels) == len(CODES)
    assert _html_labels(body) == labels
    for code, label in zip(CODES, labels, strict=True):
        assert label != code
        assert _first_cell(rows[code]) == label, code

    headings = _draft_problem_headings(report)
    assert len(headings) == len(CODES)
    for code, heading in zip(CODES, headings, strict=True):
        assert heading in rows[code], code  # the rules page says what heads the rule's part
        assert heading in unescape(body), code  # the HTML carries the draft's narrative


def test_the_json_keeps_the_rule_ids():
    report = _report_with_every_rule()
    data = json.loads(json_output.build(report))
    assert [p["rule"] for p in data["problems"]] == CODES


def test_a_new_database_starts_with_the_catalogues_defaults(xs):
    seeded = list(ProblemRule.objects.order_by("display_order"))
    assert [r.code for r in seeded] == [rule.code for rule in RULES]
    for row, rule in zip(seeded, RULES, strict=True):
        assert row.threshold == (rule.threshold.default if rule.threshold else None), rule.code
        assert row.description == rule.description, rule.code
        assert row.recommendation_title == rule.recommendation_title, rule.code
        assert row.recommendation == rule.recommendation, rule.code
