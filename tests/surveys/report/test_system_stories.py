"""The sentences about the work systems (surveys/report/system_stories.py), from hand-made report
data: meetings against their norms, the assessment and its rewards, the awards, and the points and
entry/exit figures the five-old recommendation cites — each only where its record is there."""

from __future__ import annotations

import datetime

from surveys.report import stories, system_stories
from surveys.report.data import Problem, ReportData
from surveys.report.narrative import draft

ASSESSMENT = {
    "scheme": "2023年度镇（街道）关工委工作考核办法",
    "assessed": 9,
    "ranked_among": 9,
    "top": [
        {
            "committee": "XS02",
            "name": "锡北镇关工委",
            "rank": 1,
            "total": "95.00",
            "reward_wan": "5.00",
            "confirmed": True,
        },
        {
            "committee": "XS03",
            "name": "鹅湖镇关工委",
            "rank": 2,
            "total": "94.00",
            "reward_wan": "3.00",
            "confirmed": False,
        },
        {
            "committee": "XS04",
            "name": "羊尖镇关工委",
            "rank": 3,
            "total": "93.00",
            "reward_wan": "3.00",
            "confirmed": False,
        },
    ],
    "rewarded": 1,
    "rewards_wan": "5.00",
    "due": 5,
    "due_wan": "10.50",
}
AGING = Problem(rule="backbone_aging", committee=None, committee_name="", value=0.739, message="")


def report(scope_kind: str = "district", problems=(), **values) -> ReportData:
    name = "东港镇关工委" if scope_kind == "town" else "锡山区关工委"
    return ReportData(
        year=2024,
        data_year=2023,
        scope="XS01" if scope_kind == "town" else "XS",
        scope_name=name,
        scope_kind=scope_kind,
        generated_at=datetime.datetime(2024, 10, 10),
        report_date=datetime.date(2024, 10, 10),
        problems=list(problems),
        indicators={key: {"value": value, "previous": None, "change": None} for key, value in values.items()},
    )


def systems_part(data: ReportData) -> list[str]:
    chapter = draft(data).chapters[0]
    return next(part.paragraphs for part in chapter.parts if part.heading == "（四）制度创新有力有序")


def test_the_meetings_are_set_against_their_norms():
    data = report(
        meetings_held={"directors": 50, "exec_deputies": 4, "conference": 1, "joint": 2, "consultation": 0, "visit": 1},
        meetings_expected={"directors": 52, "exec_deputies": 4, "conference": 1, "visit": 2},
        meetings_april_visits=0,
    )
    assert system_stories.meetings_sentence(data) == (
        "2023年度，区关工委召开主任例会50次（制度规定每年52次）、常务副主任例会4次、全区工作会议1次；"
        "另召开联席会议2次；开展调研走访1次（制度规定每年不少于2次），4月“调研月”未开展调研走访。"
    )
    assert systems_part(data)[0] == system_stories.meetings_sentence(data)


def test_the_assessment_names_the_top_towns_and_the_rewards():
    text = system_stories.assessment_sentence(report(assessment=ASSESSMENT))
    assert text == (
        "区关工委依据《2023年度镇（街道）关工委工作考核办法》对9个镇（街道）关工委进行工作考核，"
        "排名前三的依次为锡北镇（95.00分）、鹅湖镇（94.00分）、羊尖镇（93.00分）；考核结果与“以奖代补”挂钩，"
        "已确认1个镇（街道）奖励共5.00万元，另有5个镇（街道）应获奖励共10.50万元，尚待确认。"
    )


def test_a_towns_report_gives_its_own_rank_and_reward():
    own = {**ASSESSMENT, "assessed": 1, "top": [ASSESSMENT["top"][1]]}
    text = system_stories.assessment_sentence(report("town", assessment=own))
    assert text == (
        "在区关工委2023年度工作考核中，东港镇得分94.00分，在9个镇（街道）中排名第2，"
        "按奖励档次应获“以奖代补”奖励3.00万元，尚待确认。"
    )


def test_the_awards_give_each_category_with_its_unit():
    awards = {
        "scheme": "校外教育辅导站工作先进评选",
        "every_years": 3,
        "first_year": 2020,
        "last_year": 2022,
        "awarded": [
            {"category": "优秀辅导站", "awardee_kind": "station", "count": 54},
            {"category": "突出贡献奖", "awardee_kind": "committee_or_person", "count": 0},
            {"category": "先进个人", "awardee_kind": "person", "count": 59},
        ],
    }
    assert system_stories.awards_sentence(report(awards=awards)) == (
        "区关工委坚持每三年开展一次校外教育辅导站工作先进评选，2020—2022年度共评出优秀辅导站54个、先进个人59名。"
    )


def test_the_five_old_recommendation_cites_the_points_and_the_review():
    data = report(
        problems=[AGING],
        backbone_age_70_plus_share=0.739,
        points_people=351,
        points_total="27260.00",
        review_suggestions={"inactive": 3, "over_age": 2, "low_points": 0, "entry": 1},
        review_decisions={"exit": 2, "promote": 1},
    )
    text = stories.five_old_measures(data)
    assert (
        "按服务年限和评选等级落实积分制管理（据积分台账，2023年度351名“五老”获得积分，共27260分，人均77.7分）" in text
    )
    assert "同时落实进退（出）制度，实行优胜劣汰。" in text
    assert text.endswith(
        "截至2024年10月10日，进退机制提示退出的有不活跃期限内无积分3人、超过年龄上限2人，"
        "提示可进入骨干层的参与层“五老”1人，尚待研究决定；2023年度已作出进退决定3项，其中退出2人、进入骨干层1人。"
    )


def test_nothing_is_said_without_records():
    data = report(problems=[AGING], backbone_age_70_plus_share=0.739)
    assert systems_part(data) == []  # no form 5, no records
    text = stories.five_old_measures(data)
    assert "探索按服务年限和评选等级实行积分制管理" in text and "积分台账" not in text
    assert text.endswith("同时制定可操作的进退（出）制度，实行优胜劣汰。")
    for sentence in (system_stories.meetings_sentence, system_stories.system_records, system_stories.review_sentence):
        assert sentence(data) == ""


def test_a_provinces_report_speaks_for_the_province():
    awards = {"scheme": "校外教育辅导站工作先进评选", "every_years": 3, "first_year": 2020, "last_year": 2022}
    awards["awarded"] = [{"category": "优秀辅导站", "awardee_kind": "station", "count": 54}]
    data = report(
        "province",
        assessment=ASSESSMENT,
        awards=awards,
        meetings_held={"directors": 50},
        meetings_expected={"directors": 52},
        towns=4,
    )
    assert system_stories.assessment_sentence(data).startswith("省关工委依据《2023年度")
    assert system_stories.awards_sentence(data).startswith("省关工委坚持每三年开展一次")
    assert system_stories.meetings_sentence(data).startswith("2023年度，省关工委召开主任例会50次")
    text = "".join(p for chapter in draft(data).chapters for part in chapter.parts for p in part.paragraphs)
    assert "一是配强镇（街道）关工委班子。全省4个镇（街道）" in text and "全区" not in text
