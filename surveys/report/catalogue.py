"""The problem rules the report knows, one record each: the single definition that the model
(its choices and threshold checks), the rules pages and every report builder read.

A rule's `code` is its id in the JSON and in the database: never change one. Its `label` is
the one name a user reads for it: on the rules pages, in the workbook's 问题清单 and in the
HTML's problem table (the JSON keeps the code); its `title` heads its part of the Word draft's 二、问题和不足. The
`description`, the threshold's default and the recommendation are the defaults a new database
starts with (migrations 0100, 0108 and 0110 seeded the same values); district admins then edit the rows, and a
compile reads the rows, falling back to these defaults where a row leaves a threshold empty.
The labels are the report's Chinese wording (content, like the forms' headers), not UI strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Threshold:
    """What a rule's threshold may be: its default, its bounds, whole numbers only or not, and
    the hint (shown under the field and as the error) that says so."""

    default: Decimal
    lowest: Decimal
    highest: Decimal
    whole: bool
    hint: str | Promise

    def allows(self, value: Decimal | None) -> bool:
        if value is None or value < self.lowest or value > self.highest:
            return False
        return not self.whole or value == value.to_integral_value()


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    title: str
    description: str
    threshold: Threshold | None
    recommendation_title: str
    recommendation: str


RULES: tuple[Rule, ...] = (
    Rule(
        code="backbone_aging",
        label="骨干“五老”年龄偏大（70岁以上占比超过阈值）",
        title="骨干层“五老”青黄不接",
        description="骨干“五老”中70岁以上（70至80岁与80岁以上）所占比例超过阈值，队伍青黄不接。",
        threshold=Threshold(
            Decimal("0.500"),
            Decimal("0"),
            Decimal("1"),
            False,
            _("A share between 0 and 1, e.g. 0.5 for half the backbone."),
        ),
        recommendation_title="“多元化”壮大班子队伍",
        recommendation=(
            "要针对骨干“五老”青黄不接问题，通过广泛宣传、典型示范、上门求贤、组织活动、表彰奖励等多种形式，"
            "多元化挖掘有热心、有爱心、有组织能力、有专业特长的老同志参与关工委工作，发展志愿者专业服务团队和社会力量，"
            "使“五老”队伍在动态中不断充实壮大，保持工作的连续性和活力。"
        ),
    ),
    Rule(
        code="funds_below_standard",
        label="工作经费实际到位低于标准下限（未足额）",
        title="工作经费未完全足额到位",
        description="关工委工作经费实际到位低于标准下限（阈值为标准下限的倍数，1 即标准下限本身），经费未足额。",
        threshold=Threshold(
            Decimal("1.000"),
            Decimal("0.001"),
            Decimal("10"),
            False,
            _("A multiple of the standard's lower bound above 0 and at most 10; 1 is the lower bound itself."),
        ),
        recommendation_title="“制度化”健全经费保障机制",
        recommendation=(
            "要建立和完善基层关工委经费保障机制，及时解决部分地方经费不足问题。镇（街道）财政要把关工委经费纳入财政预算，"
            "并随着财政收入增长，适度提高关工委年度工作经费；村（社区）关工委的经费力争按规定执行到位，"
            "并鼓励多形式多渠道进行筹措，力求保障活动的正常开展。"
        ),
    ),
    Rule(
        code="fhfg_regressed",
        label="“五有五好”回头看结果为退化",
        title="“五有五好”建设发展不平衡",
        description="村（社区）“五有五好”建设回头看结果为“退化”。",
        threshold=None,
        recommendation_title="“常态化”巩固“五有五好”建设成果",
        recommendation=(
            "要把开展村（社区）“五有五好”基层关工委“回头看”作为加强基层关工委建设的一项关键性工作，"
            "对回头看中出现退化的关工委逐一落实整改措施，分类指导，科学推进，不断巩固提升“五有五好”建设水平。"
        ),
    ),
    Rule(
        code="exec_deputy_not_five_old_without_deputy",
        label="常务副主任不是“五老”且未配备“五老”副主任",
        title="个别村（社区）常务副主任配备不到位",
        description="村（社区）关工委常务副主任不是“五老”，又未配备“五老”副主任。",
        threshold=None,
        recommendation_title="选优配强常务副主任",
        recommendation=(
            "常务副主任暂由在职干部兼任的村（社区），要尽快物色合适的“五老”担任常务副主任或配备“五老”副主任。"
        ),
    ),
    Rule(
        code="no_young_staff",
        label="未配备年轻工作人员",
        title="年轻工作人员配备难",
        description="关工委年轻工作人员数不超过阈值（默认 0，即未配备年轻工作人员）。",
        threshold=Threshold(
            Decimal("0.000"),
            Decimal("0"),
            Decimal("100"),
            True,
            _("A whole number of young staff from 0 to 100; 0 flags committees with none."),
        ),
        recommendation_title="配齐配稳年轻工作人员",
        recommendation="要为基层两级关工委办公室配齐相对稳定的年轻工作人员，减少岗位频繁变动，保持工作的连续性。",
    ),
    Rule(
        code="form_missing",
        label="调查表截止时未提交或未审核通过",
        title="调查填报尚不完整",
        description="镇（街道）的调查表截止时仍未提交或未审核通过。",
        threshold=None,
        recommendation_title="按时完成调查填报",
        recommendation="未按时提交或未通过审核的调查表，要督促有关镇（街道）尽快补报，确保全区数据完整准确。",
    ),
    Rule(
        code="figures_unchanged",
        label="年度活动数据与上年完全相同",
        title="部分年度数据与上年完全相同",
        description=(
            "镇（街道）表5的年度活动数据（例会、联席会议、调研走访、辅导站活动、受益学生、家庭教育讲座及受众、"
            "捐资助学金额及受助学生、实习基地企业、推荐就业、宣传稿件，共12项）与上年审核通过的数据逐项完全相同"
            "（全为0的不计）；这样的镇（街道）达到阈值个数（默认 3）时，逐一列出，请核实。"
        ),
        threshold=Threshold(
            Decimal("3.000"),
            Decimal("1"),
            Decimal("100"),
            True,
            _(
                "A whole number of towns from 1 to 100: the rule fires when at least this many towns repeat "
                "last year's figures."
            ),
        ),
        recommendation_title="“规范化”提高调研数据质量",
        recommendation=(
            "要督促有关镇（街道）对照工作台账逐项核实年度活动数据，如实填报当年实际开展情况，不得照抄上年数据，"
            "确保调研数据真实准确。"
        ),
    ),
    # The 五有五好 rectifications (evaluations), as of the report's date.
    Rule(
        code="rectification_overdue",
        label="“五有五好”整改逾期",
        title="部分“五有五好”整改逾期未完成",
        description=(
            "“五有五好”检查（回头看、抽查等）发现问题后开出的整改，到报告日期已过整改期限、仍未经复查验证。"
            "逐一列出，并注明自检查之日起的天数。"
        ),
        threshold=None,
        recommendation_title="“闭环化”抓好整改落实",
        recommendation=(
            "要对“五有五好”回头看和抽查中发现的问题建立整改台账，明确责任单位、责任人和整改期限，"
            "逾期未完成的要督促限期整改，整改完成后及时组织复查验证，确保问题整改到位、不反弹。"
        ),
    ),
)

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


def rule_label(code: str) -> str:
    """A rule's label; an unknown code (a row from an older catalogue) as it is."""
    rule = BY_CODE.get(code)
    return rule.label if rule else code


def rule_title(code: str) -> str:
    """The heading of a rule's part of the Word draft; an unknown code as it is."""
    rule = BY_CODE.get(code)
    return rule.title if rule else code


def default_threshold(code: str) -> Decimal | None:
    rule = BY_CODE.get(code)
    return rule.threshold.default if rule and rule.threshold else None
