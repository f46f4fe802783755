"""The Word draft: the seed report's structure, sentences written from the figures, Chinese fonts."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from docx.oxml.ns import qn

from surveys.report import docx as report_docx
from surveys.report.data import ReportData, default_recommendations
from tests.surveys.report.test_workbook import make_report


def _document(report=None):
    return docx.Document(io.BytesIO(report_docx.build(report or make_report())))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_it_follows_the_seed_reports_structure():
    paragraphs = [p.text for p in _document().paragraphs]
    headings = [
        "一、基层基础建设的实践和成效",
        "（一）队伍建设有责有为",
        "（二）经费保障有行有效",
        "（三）“五有五好”有量有质",
        "（四）制度创新有力有序",
        "（五）品牌打造有声有色",
        "二、基层基础建设的问题和不足",
        "三、基层基础建设的对策和建议",
    ]
    positions = [paragraphs.index(h) for h in headings]
    assert positions == sorted(positions)
    # A report without a title of its own takes the plain one (the slogan is the district's first report's).
    assert paragraphs[:2] == ["锡山区关工委基层基础建设调研报告（2023年）", "（初稿）"]


@pytest.mark.parametrize(
    "sentence",
    [
        "全区128个村（社区），有127个村（社区）关工委由“五老”担任常务副主任，占99.2%",
        "4名为退二线领导，4名为退休领导，1名为退休校长，平均年龄59岁",
        "全区组建各类志愿者团队59个，比上年增加3个",
        "骨干层368人（比上年增加3人）外，参与层“五老”志愿者达3450人，比上年增加50人",
        "累计已有42个村（社区）创办了“一站多点”",
        "捐资助学金额达到334.82万元，比上年增加34.82万元",
        "全区39所中小学关工委",
        "404家企业建立了关工委组织",
        "其中建成“五有五好”关工委74家",
        "1个村（社区）（大成社区关工委）常务副主任不是“五老”，但配备了“五老”副主任",
        "70至80岁的占62.8%",
    ],
)
def test_the_sentences_carry_the_figures(sentence):
    assert sentence in _text(_document())


def test_the_year_on_year_change_of_a_share_is_in_points():
    assert "占99.2%，比上年提高0.8个百分点" in _text(_document())


def test_without_a_previous_round_it_states_no_change():
    text = _text(_document(make_report(with_previous=False)))
    assert "比上年" not in text
    assert "有127个村（社区）" in text


def test_the_problems_that_fired_are_named():
    text = _text(_document())
    assert "（一）骨干层“五老”青黄不接" in text
    assert "荡口村关工委" in text  # below the funding standard
    assert "甘露村关工委" in text  # regressed at the look-back
    assert "尚有1张调查表未提交或未审核通过：云林街道关工委表2（已退回）" in text
    assert "年轻工作人员配备难" not in text  # no_young_staff did not fire


def test_the_recommendations_answer_the_problems_that_fired():
    report = make_report()
    paragraphs = [p.text for p in _document(report).paragraphs]
    start = paragraphs.index("三、基层基础建设的对策和建议")
    section = "\n".join(paragraphs[start:])
    for rec in default_recommendations(report.problems):
        assert rec["title"] in section
        assert rec["text"] in section
    assert "选优配强常务副主任" not in section


def test_the_recommendations_given_are_the_ones_written():
    report = make_report()
    report.recommendations = [
        {"rule": "backbone_aging", "title": "实行积分制管理", "text": "对骨干“五老”实行积分制管理。"}
    ]
    text = _text(_document(report))
    assert "（一）实行积分制管理" in text and "对骨干“五老”实行积分制管理。" in text
    assert "“制度化”健全经费保障机制" not in text


def test_it_says_so_when_no_problem_fired():
    report = make_report()
    report.problems, report.missing = [], []
    text = _text(_document(report))
    assert "本次调查数据未触发所设问题规则" in text
    assert "（一）持续巩固基层基础建设成果" in text


def test_runs_carry_a_chinese_font():
    document = _document()
    for paragraph in document.paragraphs:
        for run in (r for r in paragraph.runs if r.text):
            fonts = run._element.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")) in {"仿宋", "黑体", "楷体", "宋体"}


def test_the_appendix_tables_the_indicators():
    document = _document()
    table = document.tables[0]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
    assert rows["由“五老”担任常务副主任的村（社区）占比"][2:] == ["99.2%", "98.4%", "+0.8个百分点"]
    assert rows["捐资助学金额（2022年度）"][2:] == ["334.82", "300.00", "+34.82"]
    assert rows["参与层“五老”志愿者"][2:] == ["3450", "3400", "+50"]


def test_it_builds_from_an_empty_report():
    report = ReportData(year=2023, scope="XS", scope_name="锡山区关工委", generated_at=datetime.datetime(2024, 1, 8))
    text = _text(_document(report))
    assert "一、基层基础建设的实践和成效" in text and "比上年" not in text
