"""A report compiled while the round is still open says so (a
banner on the run page, in the workbook's 汇总 and on the draft's first page), speaks of the
round's towns, and compares with last year only over the same towns."""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path

import docx
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from surveys.models import State, Submission
from surveys.report import docx as report_docx
from surveys.report import html, json_output, workbook
from surveys.report.models import ReportRun
from surveys.report.runs import report_data_build, report_run_execute, report_run_start
from surveys.selectors import round_for_year
from surveys.services import submission_approve, submission_submit
from tests import libreoffice
from tests.surveys.report.conftest import district, user

pytestmark = pytest.mark.usefixtures("demo")

BANNER = re.compile(
    r"本报告依据截至\d{4}年\d{1,2}月\d{1,2}日已审核通过的调查表汇总.*尚有(\d+)个镇（街道）未完成，数据不完整"
)
NO_COMPARISON = "本次未对上年作比较：两年参与汇总的镇（街道）不同"


def approve_dongang() -> None:
    """东港镇 (XS01) submits and the district approves its five forms of the open 2024 round."""
    staff = user("staff")
    for submission in Submission.objects.filter(survey_round=round_for_year(2024), town__code="XS01"):
        if submission.state != State.APPROVED:
            if submission.state != State.SUBMITTED:
                submission_submit(actor=staff, submission=submission)
            submission_approve(actor=staff, submission=Submission.objects.get(pk=submission.pk))


def draft_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def summary_text(content: bytes) -> str:
    ws = load_workbook(io.BytesIO(content))["汇总"]
    return "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)


@pytest.fixture
def midround():
    approve_dongang()
    return report_data_build(survey_round=round_for_year(2024), scope=district())


def test_the_open_rounds_draft_carries_the_banner_before_its_first_chapter(midround):
    text = draft_text(report_docx.build(midround))
    found = BANNER.search(text)
    assert found, text[:800]
    assert found.start() < text.index("一、基层基础建设的实践和成效")
    assert int(found.group(1)) == 8  # of the 9 towns, only 东港镇 has all five forms approved


def test_the_open_rounds_draft_speaks_of_the_rounds_towns():
    approve_dongang()
    text = draft_text(report_docx.build(report_data_build(survey_round=round_for_year(2024), scope=district())))
    assert "向全区9个镇（街道）下发了" in text
    assert "向全区1个镇（街道）" not in text


def test_the_open_rounds_draft_compares_no_figure_with_last_years_other_towns(midround):
    text = draft_text(report_docx.build(midround))
    assert "比上年" not in text
    assert "与上年持平" not in text
    assert NO_COMPARISON in text
    for key in ("enterprises", "participants", "backbone", "towns", "villages"):
        assert midround.previous(key) is None, key


def test_the_open_rounds_workbook_summary_carries_the_banner(midround):
    text = summary_text(workbook.build(midround))
    found = BANNER.search(text)
    assert found, text[:800]
    assert NO_COMPARISON in text


def test_the_open_rounds_json_counts_the_rounds_towns_and_keeps_the_keys_meaning(midround):
    found = json.loads(json_output.build(midround))
    assert found["round_towns"] == 9
    assert found["uncompared_forms"] == [1, 2, 3, 4, 5]
    # The documented meaning: towns with an approved 表1; previous: the figure of round year − 1.
    assert (found["indicators"]["towns"]["value"], found["indicators"]["towns"]["previous"]) == (1, 9)


def test_the_complete_round_has_no_banner_and_keeps_its_comparison():
    data = report_data_build(survey_round=round_for_year(2023), scope=district())
    text = draft_text(report_docx.build(data))
    assert "数据不完整" not in text
    assert "数据不完整" not in summary_text(workbook.build(data))
    assert NO_COMPARISON not in text
    assert data.previous("towns") == 9  # 2022 had the same nine towns
    found = json.loads(json_output.build(data))
    assert (found["round_towns"], found["uncompared_forms"]) == (9, [])


def first_page_text(content: bytes, name: str, tmp_path: Path) -> str:
    source = tmp_path / name
    source.write_bytes(content)
    pdf = libreoffice.convert(source, "pdf", tmp_path)
    return subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_banner_is_on_the_first_page_of_the_draft_and_of_the_workbook(midround, tmp_path):
    for content, name in ((report_docx.build(midround), "draft.docx"), (workbook.build(midround), "book.xlsx")):
        page = re.sub(r"\s+", "", first_page_text(content, name, tmp_path))
        assert "数据不完整" in page, (name, page[:600])


def test_the_open_rounds_html_report_carries_the_banner_at_its_top(midround):
    page = html.build(midround).decode()
    found = BANNER.search(page)
    assert found, page[:2000]
    assert found.start() < page.index("一、基层基础建设的实践和成效")
    assert NO_COMPARISON in page


def compiled_run(year: int) -> ReportRun:
    run = report_run_start(
        actor=user("admin"), survey_round=round_for_year(year), scope=district(), formats="json", queue=False
    )
    report_run_execute(run)
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE, run.error
    return run


def run_page(run: ReportRun) -> str:
    client = Client()
    client.force_login(user("staff"))
    response = client.get(reverse("surveys:report_run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return re.sub(r"\s+", "", response.content.decode())


@pytest.mark.usefixtures("media_root")
def test_the_run_page_of_an_open_rounds_report_carries_the_banner():
    approve_dongang()
    page = run_page(compiled_run(2024))
    assert "本轮9个镇（街道）中，尚有8个镇（街道）未完成，数据不完整" in page
    assert NO_COMPARISON in page


@pytest.mark.usefixtures("media_root")
def test_the_run_page_of_a_complete_rounds_report_has_no_banner():
    page = run_page(compiled_run(2023))
    assert "数据不完整" not in page
    assert NO_COMPARISON not in page


def test_the_open_rounds_draft_names_the_towns_summed_not_the_district(midround):
    chapters = draft_text(report_docx.build(midround)).split("一、基层基础建设的实践和成效", 1)[1]
    assert not re.search(r"全区\d", chapters), chapters[:1500]
    assert "已汇总的1个镇（街道）" in chapters
    assert "已汇总镇（街道）20个村（社区）" in chapters
