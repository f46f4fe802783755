"""东港镇's 2024 template of the demo, filled with openpyxl (and once more after a save
in LibreOffice), uploaded and confirmed, stores exactly what the web entry stores for the same figures."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import Committee
from surveys import services
from surveys.models import Submission, SubmissionRow
from surveys.selectors import round_for_year, submission_form, submission_sections
from surveys.spec import excel_row, item_key
from tests import libreoffice
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys.forms import plain_header
from tests.xlsx import book_bytes

pytestmark = pytest.mark.usefixtures("media_root")

NEW_TEAM = {
    "committee_code": "XS01",
    "name": "东港镇五老帮教团",
    "team_type": "帮教团",
    "members": 6,
    "founded_year": 2024,
    "service": "帮教失足青少年",
}
NEW_BRAND = {
    "committee_code": "XS01",
    "name": "周末课堂",
    "category": "其他",
    "start_year": 2023,
    "summary": "周末开放",
}


@pytest.fixture
def town(demo_district):
    return Committee.objects.get(code="XS01")


def submissions(town) -> list[Submission]:
    return list(
        Submission.objects.filter(survey_round=round_for_year(2024), town=town)
        .select_related("survey_round__fhfg_standard", "town")
        .order_by("form")
    )


def stored(town) -> dict:
    """Every row of the town's 2024 forms: (form, section) → [(position, committee, values)]."""
    found: dict = {}
    for form, section, position, committee, values in (
        SubmissionRow.objects.filter(submission__survey_round__year=2024, submission__town=town)
        .order_by("submission__form", "section", "position")
        .values_list("submission__form", "section", "position", "committee_id", "values")
    ):
        found.setdefault((form, section), []).append((position, committee, values))
    return found


def figures(town) -> dict:
    """The figures a secretary enters: (form, section) → (spec section, rows). A fixed row is its
    code and the cells that change; a list row is whole, with "_id" when it is a stored one."""
    out = {}
    for sub in submissions(town):
        form, current = submission_form(sub), submission_sections(sub)
        for section in form.sections:
            now = current.get(section.section, [])
            codes = [r["committee_code"] for r in now]
            if (sub.form, section.section) == (1, "main"):
                rows = [
                    {
                        "committee_code": c,
                        "leadership_size": 7,
                        "exec_deputy_source": "退休校长",
                        "young_staff": 2,
                        "notes": "2024 年调整",
                    }
                    for c in codes[:2]
                ]
            elif sub.form == 2:
                rows = [
                    {
                        "committee_code": c,
                        "budget": 10.5 + i,
                        "in_place": 9.25 + i,
                        "in_fiscal_budget": "是" if i % 2 == 0 else "否",
                        "special_funds": 0,
                        "subsidy_people": i % 3,
                        "subsidy_amount": 0 if i % 3 == 0 else 0.6,
                        "raised": 1.2,
                    }
                    for i, c in enumerate(codes)
                ]
            elif (sub.form, section.section) == (3, "main"):
                items = {item_key(n): "达标" if n % 2 else "基本达标" for n in range(1, 11)}
                rows = [
                    {
                        "committee_code": c,
                        "fhfg_built": "是",
                        "built_year": 2009,
                        "creation_round": "第二轮",
                        **items,
                        "lookback": "巩固",
                    }
                    for c in codes
                ]
            elif (sub.form, section.section) == (3, "B"):
                rows = [{"committee_code": codes[0], "fhfg_enterprises": 3}]
            elif (sub.form, section.section) == (4, "main"):
                rows = [{"committee_code": codes[0], "joined": 5, "exited": 1}]
            elif (sub.form, section.section) == (4, "B"):
                rows = [{**now[0], "members": 20}, *now[1:], NEW_TEAM]
            elif (sub.form, section.section) == (5, "main"):
                rows = [
                    {
                        "committee_code": codes[0],
                        "in_party_assessment": "是",
                        "assessment_weight": 2.5,
                        "village_assessment_rules": "否",
                        "exec_deputy_meetings": 4,
                        "articles": 12,
                    }
                ]
            else:  # 5B
                rows = [{**now[0], "summary": "中心站加 3 个辅导点"}, *now[1:], NEW_BRAND]
            out[(sub.form, section.section)] = (section, rows)
    return out


def as_posted(value):
    """What the web grid posts: text."""
    return value if isinstance(value, str) or value is None else str(value)


def enter_on_the_web(town, user) -> dict:
    """Save the figures through submission_save, note what is stored, and undo it."""
    entered = figures(town)
    with transaction.atomic():
        for sub in submissions(town):
            rows = {
                name: [{k: (v if k == "_id" else as_posted(v)) for k, v in row.items()} for row in rows]
                for (form, name), (_section, rows) in entered.items()
                if form == sub.form
            }
            services.submission_save(actor=user, submission=sub, rows=rows)
        result = stored(town)
        transaction.set_rollback(True)
    return result


def fill_workbook(data: bytes, town) -> bytes:
    """Type the same figures into the downloaded template."""
    wb = load_workbook(io.BytesIO(data))
    for (_form, _name), (section, rows) in figures(town).items():
        ws = wb[section.sheet]
        column = {plain_header(c.value): c.column for c in ws[1]}
        if section.free_rows:
            ws.delete_rows(2, ws.max_row)
            for number, row in enumerate(rows, start=2):
                cells = excel_row(section, {k: v for k, v in row.items() if k != "_id"})
                for key, value in cells.items():
                    ws.cell(number, column[section.field(key).header], value)
            continue
        line = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
        for row in rows:
            for key, value in row.items():
                if key != "committee_code":
                    ws.cell(line[row["committee_code"]], column[section.field(key).header], value)
    return book_bytes(wb)


def resave_in_libreoffice(data: bytes, tmp_path: Path) -> bytes:
    source, out = tmp_path / "filled.xlsx", tmp_path / "out"
    source.write_bytes(data)
    resaved = libreoffice.convert(source, "xlsx", out).read_bytes()
    assert resaved != data  # LibreOffice wrote its own file
    return resaved


def upload(client, town, data: bytes):
    kwargs = {"year": 2024, "town_pk": town.pk}
    file = io.BytesIO(data)
    file.name = "东港镇.xlsx"
    preview = client.post(reverse("surveys:upload", kwargs=kwargs), {"file": file})
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.errors == [], [str(e) for e in plan.errors]
    return preview, client.post(reverse("surveys:upload_confirm", kwargs=kwargs))


@pytest.mark.parametrize(
    "via",
    [
        "openpyxl",
        "libreoffice",
    ],
)
def test_a_filled_template_stores_what_the_web_entry_stores(town, client_for, tmp_path, via):
    secretary = get_user_model().objects.get(username="dongang")  # the demo's 东港镇 secretary
    before = stored(town)
    expected = enter_on_the_web(town, secretary)
    assert stored(town) == before and expected != before

    client = client_for(secretary)
    template = client.get(reverse("surveys:template_download", kwargs={"year": 2024, "town_pk": town.pk}))
    assert template.status_code == 200
    data = fill_workbook(template.content, town)
    if via == "libreoffice":
        data = resave_in_libreoffice(data, tmp_path)
    preview, confirm = upload(client, town, data)
    assert "10.50" in preview.content.decode()  # 表2: the town's 预算安排, old → new
    assert confirm.status_code == 302

    assert stored(town) == expected
    village_funds = expected[(2, "main")][1][2]
    assert (village_funds["budget"], village_funds["in_fiscal_budget"], village_funds["subsidy_amount"]) == (
        "11.50",
        False,
        "0.60",
    )
    assert [values["name"] for _p, _c, values in expected[(4, "B")]][-1] == "东港镇五老帮教团"
