# A problem rule joins the catalogue (surveys/report/catalogue.py): 五有五好 rectifications past
# their due date on the report's date (evaluations). The choices are the catalogue's state,
# written out; the row is seeded with the catalogue's defaults (district admins then edit it).

from django.db import migrations, models

CHOICES = [
    ("backbone_aging", "骨干“五老”年龄偏大（70岁以上占比超过阈值）"),
    ("funds_below_standard", "工作经费实际到位低于标准下限（未足额）"),
    ("fhfg_regressed", "“五有五好”回头看结果为退化"),
    ("exec_deputy_not_five_old_without_deputy", "常务副主任不是“五老”且未配备“五老”副主任"),
    ("no_young_staff", "未配备年轻工作人员"),
    ("form_missing", "调查表截止时未提交或未审核通过"),
    ("figures_unchanged", "年度活动数据与上年完全相同"),
    ("rectification_overdue", "“五有五好”整改逾期"),
]

CODE = "rectification_overdue"
DEFAULTS = {
    "threshold": None,
    "description": (
        "“五有五好”检查（回头看、抽查等）发现问题后开出的整改，到报告日期已过整改期限、仍未经复查验证。"
        "逐一列出，并注明自检查之日起的天数。"
    ),
    "recommendation_title": "“闭环化”抓好整改落实",
    "recommendation": (
        "要对“五有五好”回头看和抽查中发现的问题建立整改台账，明确责任单位、责任人和整改期限，"
        "逾期未完成的要督促限期整改，整改完成后及时组织复查验证，确保问题整改到位、不反弹。"
    ),
    "display_order": 8,
}


def seed_rule(apps, schema_editor):
    """Add the rule where it is missing; a row an admin already has is left as it is."""
    apps.get_model("surveys", "ProblemRule").objects.get_or_create(code=CODE, defaults=DEFAULTS)


def unseed_rule(apps, schema_editor):
    apps.get_model("surveys", "ProblemRule").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0109_round_data_year"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalproblemrule",
            name="code",
            field=models.CharField(choices=CHOICES, db_index=True, max_length=50, verbose_name="rule"),
        ),
        migrations.AlterField(
            model_name="problemrule",
            name="code",
            field=models.CharField(choices=CHOICES, max_length=50, unique=True, verbose_name="rule"),
        ),
        migrations.RunPython(seed_rule, unseed_rule),
    ]
