"""The five forms as data, built for a round by `form_specs(year, fhfg_items)`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from committees import ages
from committees.cells import YES_LABELS
from committees.labels import KIND_LABELS, SOURCE_LABELS, TEAM_TYPE_LABELS

from .engine import (
    ADULT_AGE,
    EARLIEST_BIRTH_YEAR,
    EARLIEST_FOUNDED_YEAR,
    FIRST_FHFG_YEAR,
    MAIN,
    SUB,
    TOWN_KINDS,
    VILLAGE_KINDS,
    Aggregate,
    Blank,
    Compare,
    Env,
    Field,
    FieldType,
    FormSpec,
    Key,
    KindIn,
    Period,
    RowKind,
    Rule,
    SectionSpec,
    Severity,
    SumDiffers,
    all_of,
    choices,
    model_choices,
)
from .fields import _activity, _choice, _code, _count, _long_text, _money, _name, _notes, _year, _yes_no

COMMITTEE_KINDS = model_choices(KIND_LABELS, TOWN_KINDS + VILLAGE_KINDS)
EXEC_DEPUTY_SOURCES = model_choices(SOURCE_LABELS)
CREATION_PERIODS = choices(("first", "第一轮"), ("second", "第二轮"), ("new", "新建"))
ITEM_RESULTS = choices(("met", "达标"), ("partly_met", "基本达标"), ("not_met", "未达标"))
LOOKBACK_RESULTS = choices(
    ("consolidated", "巩固"), ("improved", "提升"), ("regressed", "退化"), ("not_checked", "未检查")
)
TEAM_TYPES = model_choices(TEAM_TYPE_LABELS)
BRAND_CATEGORIES = choices(
    ("hub_and_points", "一站多点"),
    ("help_students", "助大扶小"),
    ("three_family", "三家教育"),
    ("publicity", "宣传"),
    ("other", "其他"),
)
BOOL_LABELS = YES_LABELS
# The sign-off block under every printed form, the stamp-ready copy and each form sheet of the
# report workbook (FORMS.md): Chinese like the headers, as on the district's paper forms.
SIGN_OFF_LABELS = ("填报单位（盖章）", "负责人", "填表人", "联系电话", "填报日期")


def item_key(order: int) -> str:
    """The key of form 3's column for the standard's item at `order` (1-based)."""
    return f"fhfg_item_{order}"


EXEC_DEPUTY = "常务副主任"


def form1(year: int) -> FormSpec:
    fields = (
        _code(),
        _name(),
        _choice("level", "层级", COMMITTEE_KINDS, locked=True, prefilled=True),
        _count("leadership_size", "班子成员数", prefilled=True),
        Field("director_name", "主任姓名", prefilled=True, group="主任", short="姓名"),
        _yes_no(
            "director_concurrent",
            "主任是否党政负责人兼任",
            prefilled=True,
            help="镇（街道）：在职党（工）委副书记兼任；村（社区）：基层党政负责人兼任",
            group="主任",
            short="是否党政负责人兼任",
        ),
        Field("exec_deputy_name", "常务副主任姓名", prefilled=True, group=EXEC_DEPUTY, short="姓名"),
        _year(
            "exec_deputy_birth_year",
            "常务副主任出生年份",
            minimum=EARLIEST_BIRTH_YEAR,
            maximum=year - ADULT_AGE,
            prefilled=True,
            group=EXEC_DEPUTY,
            short="出生年份",
        ),
        _choice(
            "exec_deputy_source", "常务副主任来源", EXEC_DEPUTY_SOURCES, prefilled=True, group=EXEC_DEPUTY, short="来源"
        ),
        _yes_no("exec_deputy_five_old", "常务副主任是否五老", prefilled=True, group=EXEC_DEPUTY, short="是否五老"),
        _count("deputies", "副主任人数", prefilled=True, group="副主任", short="人数"),
        _yes_no("five_old_deputy", "是否配备五老副主任", prefilled=True, group="副主任"),
        Field("office_head", "办公室负责人", required=False, prefilled=True, help="镇（街道）必填"),
        _count("young_staff", "年轻工作人员数", prefilled=True),
        _notes(),
    )
    rules = (
        Rule(
            "in_office_exec_deputy_not_five_old",
            Severity.ERROR,
            "exec_deputy_five_old",
            all_of(Compare("exec_deputy_source", "==", "in_office_cadre"), Compare("exec_deputy_five_old", "==", True)),
            "常务副主任来源为“在职干部”时，“常务副主任是否五老”应为“否”。",
            "常务副主任来源为“在职干部”的，“常务副主任是否五老”填“否”。",
        ),
        Rule(
            "exec_deputy_not_five_old_without_deputy",
            Severity.WARNING,
            "five_old_deputy",
            all_of(Compare("exec_deputy_five_old", "==", False), Compare("five_old_deputy", "==", False)),
            "常务副主任不是“五老”，又未配备“五老”副主任，请核实并尽快配备。",
            "常务副主任不是“五老”的，应配备“五老”副主任（否则提示，并列入报告问题）。",
        ),
        Rule(
            "office_head_required_for_towns",
            Severity.ERROR,
            "office_head",
            all_of(KindIn(TOWN_KINDS), Blank("office_head")),
            "镇（街道）关工委须填写办公室负责人。",
            "镇（街道）的行须填写办公室负责人。",
        ),
        Rule(
            "no_young_staff",
            Severity.WARNING,
            "young_staff",
            Compare("young_staff", "==", 0),
            "未配备年轻工作人员，请核实。",
            "年轻工作人员数为 0 时提示。",
        ),
    )
    return FormSpec(
        1,
        "关工委班子队伍情况表",
        (SectionSpec(1, MAIN, "表1 班子队伍", "表1 关工委班子队伍情况表", RowKind.TOWN_AND_VILLAGES, fields, rules),),
    )


def form2(year: int, data_year: int) -> FormSpec:
    """Form 2's figures are of the data year, which its 年度 column holds."""
    fields = (
        _code(),
        _name(),
        Field("year", "年度", FieldType.YEAR, minimum=data_year, maximum=data_year, locked=True, prefilled=True),
        _money("standard_lower", "标准下限(万元)", locked=True, prefilled=True, group="经费标准", short="下限(万元)"),
        _money("standard_upper", "标准上限(万元)", locked=True, prefilled=True, group="经费标准", short="上限(万元)"),
        _money("budget", "预算安排(万元)"),
        _money("in_place", "实际到位(万元)"),
        _yes_no("in_fiscal_budget", "是否纳入财政预算", period=Period.DATA),
        _money("special_funds", "专项经费(万元)"),
        _activity("subsidy_people", "五老补贴人数", group="五老补贴", short="人数"),
        _money("subsidy_amount", "五老补贴金额(万元)", group="五老补贴", short="金额(万元)"),
        _money("raised", "社会筹措(万元)"),
        _notes(),
    )
    rules = (
        Rule(
            "standard_lower_matches_standard",
            Severity.ERROR,
            "standard_lower",
            Compare("standard_lower", "!=", Env("expected_lower")),
            "标准下限应为 {expected_lower} 万元（该层级 {year} 年的经费标准）。",
            "标准下限、上限按该层级当年的经费标准自动填写，不要修改。",
        ),
        Rule(
            "standard_upper_matches_standard",
            Severity.ERROR,
            "standard_upper",
            Compare("standard_upper", "!=", Env("expected_upper")),
            "标准上限应为 {expected_upper} 万元（该层级 {year} 年的经费标准）。",
        ),
        Rule(
            "funds_below_standard",
            Severity.WARNING,
            "in_place",
            Compare("in_place", "<", Key("standard_lower")),
            "实际到位 {in_place} 万元，低于标准下限 {standard_lower} 万元（未足额）。",
            "实际到位低于标准下限的，标记为“未足额”。",
        ),
        Rule(
            "subsidy_amount_without_people",
            Severity.ERROR,
            "subsidy_amount",
            all_of(Compare("subsidy_people", "==", 0), Compare("subsidy_amount", "!=", Decimal("0"))),
            "五老补贴人数为 0 时，五老补贴金额应为 0（现为 {subsidy_amount} 万元）。",
            "五老补贴人数为 0 时，五老补贴金额填 0。",
        ),
    )
    return FormSpec(
        2,
        "经费落实情况表",
        (SectionSpec(2, MAIN, "表2 经费落实", "表2 经费落实情况表", RowKind.TOWN_AND_VILLAGES, fields, rules),),
    )


def form3(year: int, fhfg_items: Sequence[str], item_groups: Sequence[str] = ()) -> FormSpec:
    groups = [*item_groups, *[""] * len(fhfg_items)]
    items = tuple(
        _choice(item_key(order), name, ITEM_RESULTS, group=groups[order - 1])
        for order, name in enumerate(fhfg_items, start=1)
    )
    built = "建设情况"
    fields = (
        _code(),
        _name(),
        _yes_no("fhfg_built", "是否建成五有五好", group=built, short="是否建成"),
        _year("built_year", "建成年份", required=False, minimum=FIRST_FHFG_YEAR, maximum=year, group=built),
        _choice("creation_round", "创建轮次", CREATION_PERIODS, required=False, group=built),
        *items,
        _choice("lookback", "回头看结果", LOOKBACK_RESULTS, group="回头看", short="结果"),
        _long_text("rectification", "整改措施", help="回头看结果为“退化”时必填", group="回头看"),
    )
    rules = (
        Rule(
            "built_year_required",
            Severity.ERROR,
            "built_year",
            all_of(Compare("fhfg_built", "==", True), Blank("built_year")),
            "已建成“五有五好”的，须填写建成年份。",
            "“是否建成五有五好”为“是”的，须填写建成年份和创建轮次。",
        ),
        Rule(
            "creation_round_required",
            Severity.ERROR,
            "creation_round",
            all_of(Compare("fhfg_built", "==", True), Blank("creation_round")),
            "已建成“五有五好”的，须填写创建轮次。",
        ),
        Rule(
            "rectification_required_when_regressed",
            Severity.ERROR,
            "rectification",
            all_of(Compare("lookback", "==", "regressed"), Blank("rectification")),
            "回头看结果为“退化”的，须填写整改措施。",
            "回头看结果为“退化”的，须填写整改措施。",
        ),
    )
    town_fields = (
        _code(),
        _name(),
        _count("schools", "学校关工委数", prefilled=True),
        _count("enterprises", "企业关工委数", prefilled=True, group="企业关工委", short="总数"),
        _count("fhfg_enterprises", "其中五有五好企业数", group="企业关工委", short="其中五有五好"),
    )
    town_rules = (
        Rule(
            "fhfg_enterprises_at_most_enterprises",
            Severity.ERROR,
            "fhfg_enterprises",
            Compare("fhfg_enterprises", ">", Key("enterprises")),
            "其中五有五好企业数 {fhfg_enterprises} 超过企业关工委数 {enterprises}。",
            "其中五有五好企业数不能超过企业关工委数。",
        ),
    )
    return FormSpec(
        3,
        "“五有五好”建设情况表",
        (
            SectionSpec(3, MAIN, "表3 五有五好", "表3 “五有五好”建设情况表", RowKind.VILLAGES, fields, rules),
            SectionSpec(3, SUB, "表3B 企业学校", "表3B 学校、企业关工委情况", RowKind.TOWN, town_fields, town_rules),
        ),
    )


CATEGORY_KEYS = ("cadres", "veterans", "experts", "teachers", "model_workers")
# Form 4's backbone by age band (committees.ages), at the round's reference date.
AGE_BAND_KEYS = tuple(f"backbone_{band.key}" for band in ages.BANDS)


CATEGORIES = "“五老”类别"


def form4(year: int) -> FormSpec:
    fields = (
        _code(),
        _name(),
        _count("backbone", "骨干层人数", prefilled=True, group="队伍层次", short="骨干层"),
        _count("participants", "参与层人数", prefilled=True, group="队伍层次", short="参与层"),
        _count("cadres", "老干部", prefilled=True, group=CATEGORIES),
        _count("veterans", "老战士", prefilled=True, group=CATEGORIES),
        _count("experts", "老专家", prefilled=True, group=CATEGORIES),
        _count("teachers", "老教师", prefilled=True, group=CATEGORIES),
        _count("model_workers", "老模范", prefilled=True, group=CATEGORIES),
        *(
            _count(f"backbone_{band.key}", f"骨干{band.words}", prefilled=True, group="骨干年龄段", short=band.words)
            for band in ages.BANDS
        ),
        _count("joined", "本年新加入", prefilled=True, group="本年进出", short="新加入"),
        _count("exited", "本年退出", prefilled=True, group="本年进出", short="退出"),
        _count(
            "volunteer_teams",
            "志愿者团队数",
            prefilled=True,
            locked=True,
            counts_rows=SUB,
            help="按“表4B 志愿团队”所列团队的个数自动计算",
        ),
    )
    rules = (
        Rule(
            "categories_sum_to_layers",
            Severity.ERROR,
            "cadres",
            SumDiffers(CATEGORY_KEYS, ("backbone", "participants")),
            "老干部、老战士、老专家、老教师、老模范合计 {sum} 人，应等于骨干层与参与层人数之和 {total} 人。",
            "五类“五老”人数之和等于骨干层与参与层人数之和。",
        ),
        Rule(
            "age_bands_sum_to_backbone",
            Severity.ERROR,
            AGE_BAND_KEYS[0],
            SumDiffers(AGE_BAND_KEYS, ("backbone",)),
            "骨干各年龄段合计 {sum} 人，应等于骨干层人数 {total} 人。",
            f"骨干年龄段（按 {year} 年 12 月 31 日计算）之和等于骨干层人数。",
        ),
    )
    team_fields = (
        _code(locked=False),
        Field("name", "团队名称", prefilled=True),
        _choice("team_type", "团队类型", TEAM_TYPES, prefilled=True),
        _count("members", "成员数", prefilled=True),
        _year(
            "founded_year",
            "成立年份",
            required=False,
            minimum=EARLIEST_FOUNDED_YEAR,
            maximum=year,
            prefilled=True,
        ),
        _long_text("service", "服务内容", prefilled=True),
    )
    return FormSpec(
        4,
        "“五老”队伍情况表",
        (
            SectionSpec(4, MAIN, "表4 五老队伍", "表4 “五老”队伍情况表", RowKind.TOWN, fields, rules),
            SectionSpec(
                4,
                SUB,
                "表4B 志愿团队",
                "表4B 志愿者团队名单",
                RowKind.FREE,
                team_fields,
                key=("committee_code", "name"),
            ),
        ),
    )


STATIONS = "校外教育辅导站"


def form5(year: int) -> FormSpec:
    fields = (
        _code(),
        _name(),
        _yes_no("in_party_assessment", "列入党政考核", group="党政考核", short="是否列入"),
        Field(
            "assessment_weight",
            "考核分值",
            FieldType.DECIMAL,
            aggregate=Aggregate.AVERAGE,
            minimum=Decimal("0"),
            maximum=Decimal("100"),
            help="关工委工作在党政考核百分制中所占分值，通常为 1—3 分",
            group="党政考核",
            short="分值",
        ),
        _yes_no("village_assessment_rules", "下发村级考核办法", group="党政考核"),
        _activity("exec_deputy_meetings", "常务副主任例会次数", group="工作制度"),
        _activity("joint_meetings", "联席会议次数", group="工作制度"),
        _activity("field_visits", "调研走访次数", group="工作制度"),
        _count("tutoring_stations", "校外教育辅导站数", prefilled=True, group=STATIONS, short="辅导站数"),
        _count("hub_villages", "一站多点村数", prefilled=True, group=STATIONS),
        _activity("station_activities", "辅导站活动场次", prefilled=True, group=STATIONS, short="活动场次"),
        _activity("station_beneficiaries", "受益学生人次", group=STATIONS),
        _activity("family_lectures", "家庭教育讲座场次", group="家庭教育", short="讲座场次"),
        _activity("family_audience", "家庭教育受众人次", group="家庭教育", short="受众人次"),
        _money("study_aid", "捐资助学金额(万元)", group="捐资助学", short="金额(万元)"),
        _activity("study_aid_students", "受助学生人数", group="捐资助学"),
        _activity("internship_enterprises", "实习基地企业数", group="实习就业"),
        _activity("recommended_jobs", "推荐就业人数", group="实习就业"),
        _activity("articles", "宣传稿件数"),
    )
    rules = (
        Rule(
            "assessment_weight_high",
            Severity.WARNING,
            "assessment_weight",
            Compare("assessment_weight", ">", Decimal("10")),
            "考核分值 {assessment_weight} 分超过 10 分（通常为 1—3 分），请核实。",
            "考核分值超过 10 分时提示。",
        ),
        Rule(
            "hub_villages_at_most_villages",
            Severity.ERROR,
            "hub_villages",
            Compare("hub_villages", ">", Env("villages")),
            "一站多点村数 {hub_villages} 超过本镇（街道）的村（社区）数 {villages}。",
            "一站多点村数不能超过本镇（街道）的村（社区）数。",
        ),
    )
    brand_fields = (
        _code(locked=False),
        Field("name", "品牌名称"),
        _choice("category", "类别", BRAND_CATEGORIES),
        _year("start_year", "起始年份", required=False, minimum=EARLIEST_FOUNDED_YEAR, maximum=year),
        _long_text("summary", "简介"),
        _long_text("key_figures", "关键数字"),
    )
    return FormSpec(
        5,
        "工作制度与品牌建设情况表",
        (
            SectionSpec(5, MAIN, "表5 制度品牌", "表5 工作制度与品牌建设情况表", RowKind.TOWN, fields, rules),
            SectionSpec(
                5, SUB, "表5B 品牌项目", "表5B 品牌项目", RowKind.FREE, brand_fields, key=("committee_code", "name")
            ),
        ),
    )


def form_specs(
    year: int, fhfg_items: Sequence[str], item_groups: Sequence[str] = (), data_year: int | None = None
) -> list[FormSpec]:
    """The five forms of a round: `year` is the round's year, `fhfg_items` the item names of
    the 五有五好 version in force on its reference date (form 3's checklist columns, in order),
    `item_groups` their groups' names (五有, 五好: the items' header in the report), if any,
    `data_year` the year its money and activity figures describe (default: year − 1)."""
    if not fhfg_items:
        raise ValueError("form 3 needs the items of a 五有五好 standard")
    data_year = data_year or year - 1
    forms = [form1(year), form2(year, data_year), form3(year, fhfg_items, item_groups), form4(year), form5(year)]
    return [
        replace(form, sections=tuple(replace(s, year=year, data_year=data_year) for s in form.sections))
        for form in forms
    ]
