"""The checklist workbook of a spot-check draw: download, fill, upload → preview → confirm, as
spot-check reviews of the draw (evaluations.draw_excel, draw_import, draw_views)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from evaluations.draw_services import draw_make
from evaluations.models import ItemResult, Rectification, Review, ReviewItem, ReviewKind, ReviewResult
from tests.xlsx import book_bytes

TODAY = datetime.date.today()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def draw(xs):
    """东港镇's draw of both its villages (two of two)."""
    return draw_make(actor=xs.dg_secretary, committee=xs.dg, year=YEAR, method="count", amount=2)


def download(client, draw) -> bytes:
    response = client.get(f"/evaluations/draws/{draw.pk}/checklist/")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def fill(data: bytes, sheet: int = 0, *, result="巩固", items=None, day=None, reviewers="张三、李四", change=None):
    """The workbook with one village's sheet filled: every item 达标 but those in `items` (row → value)."""
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[sheet]
    ws["C2"] = day or TODAY
    ws["E2"] = reviewers
    ws["C3"] = result
    ws["C4"] = "活动记录不全"
    for row in range(6, ws.max_row + 1):
        ws.cell(row, 4).value = (items or {}).get(row, "达标")
    if change:
        change(ws, book)
    return book_bytes(book)


def upload(client, draw, data: bytes):
    file = SimpleUploadedFile("检查表.xlsx", data)
    return client.post(f"/evaluations/draws/{draw.pk}/checklist/upload/", {"file": file})


def confirm(client, draw):
    return client.post(f"/evaluations/draws/{draw.pk}/checklist/confirm/")


def test_the_checklist_has_a_locked_sheet_per_picked_village_with_the_items_and_dropdowns(xs, draw, client_for):
    book = load_workbook(io.BytesIO(download(client_for(xs.dg_secretary), draw)))
    assert book.sheetnames == ["XS01V01 东港村关工委", "XS01V02 港下社区关工委", "填表说明", "meta"]
    ws = book["XS01V01 东港村关工委"]
    assert (ws["C1"].value, ws["C1"].protection.locked, ws["C2"].protection.locked) == ("XS01V01", True, False)
    assert [c.value for c in ws[5]] == ["序号", "类别", "检查项目", "检查结果", "备注"]
    assert [ws.cell(r, 3).value for r in range(6, 16)][:2] == ["有组织班子", "有骨干队伍"]
    assert ws.protection.sheet and book["meta"].sheet_state == "hidden"
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert lists == {"D6:D15": '"达标,基本达标,未达标"', "C3": '"巩固,提升,退化"'}
    assert {r[0].value: r[1].value for r in book["meta"].iter_rows()}["draw"] == draw.pk


def test_a_filled_checklist_is_recorded_as_spot_checks_of_the_draw(xs, draw, client_for):
    client = client_for(xs.dg_secretary)
    data = fill(download(client, draw), 0)
    data = fill(data, 1, result="退化", items={8: "未达标", 9: "基本达标"})
    book = load_workbook(io.BytesIO(data))
    book.worksheets[1]["E8"] = "阵地被挪用"
    data = book_bytes(book)
    response = upload(client, draw, data)
    assert response.context["plan"].ok and len(response.context["plan"].to_record) == 2
    assert "确认导入" in response.content.decode()
    assert Review.objects.count() == 0  # a preview writes nothing
    assert confirm(client, draw).status_code == 302
    reviews = {r.committee.code: r for r in Review.objects.filter(draw=draw)}
    assert set(reviews) == {"XS01V01", "XS01V02"}
    assert {r.kind for r in reviews.values()} == {ReviewKind.SPOT_CHECK}
    assert reviews["XS01V02"].result == ReviewResult.REGRESSED and reviews["XS01V02"].reviewer_names == "张三、李四"
    rectification = Rectification.objects.get(opened_by=reviews["XS01V02"])
    assert [i.name for i in rectification.items.all()] == ["有活动阵地"]
    assert not Rectification.objects.filter(opened_by=reviews["XS01V01"]).exists()
    item = ReviewItem.objects.get(review=reviews["XS01V02"], item__name="有活动阵地")
    assert (item.result, item.note) == (ItemResult.NOT_MET, "阵地被挪用")
    # The draw's page shows them; the draw still draws again the same.
    page = client.get(f"/evaluations/draws/{draw.pk}/").content.decode()
    assert "退化" in page and "可以重现" in page and "与抽取时不同" in page
    # The same file again: both sheets are locked now, unchanged, and skipped.
    response = upload(client, draw, data)
    plan = response.context["plan"]
    assert plan.ok and plan.to_record == [] and len(plan.notes) == 2 and plan.not_imported == []
    # The new download shows the recorded results, locked; a change there is not imported.
    again = load_workbook(io.BytesIO(download(client, draw)))
    assert again.worksheets[1]["D8"].value == "未达标" and again.worksheets[1]["D8"].protection.locked
    changed = fill(data, 1, result="巩固")
    plan = upload(client, draw, changed).context["plan"]
    assert plan.ok and plan.to_record == [] and len(plan.not_imported) == 1
    assert "不能通过上传修改" in plan.not_imported[0]


def test_an_unfilled_sheet_is_skipped(xs, draw, client_for):
    client = client_for(xs.dg_secretary)
    plan = upload(client, draw, fill(download(client, draw), 1)).context["plan"]
    assert plan.ok and [v.code for v, _f in plan.to_record] == ["XS01V02"]
    assert plan.notes == ["XS01V01 东港村关工委：未填写，跳过。"]


def _set(coordinate: str, value):
    return lambda ws, book: ws.__setitem__(coordinate, value)


def _clear_row(row: int):
    def change(ws, book):
        for column in range(1, 6):
            ws.cell(row, column).value = None

    return change


def _other_draw(xs, client):
    other = draw_make(actor=xs.dg_secretary, committee=xs.dg, year=YEAR, method="count", amount=2)
    return fill(download(client, other), 0)


BAD = {
    "blank item result": (lambda d: fill(d, 0, items={7: None}), ("检查结果", 7, "请选择")),
    "unknown item result": (lambda d: fill(d, 0, items={7: "优秀"}), ("检查结果", 7, "优秀")),
    "unknown overall result": (lambda d: fill(d, 0, result="通过"), ("总体结果", 3, "通过")),
    "future date": (lambda d: fill(d, 0, day=TODAY + datetime.timedelta(days=3)), ("检查日期", 2, "不能晚于今天")),
    "date before the draw's year": (lambda d: fill(d, 0, day=datetime.date(YEAR - 1, 12, 1)), ("检查日期", 2, "早于")),
    "no reviewers": (lambda d: fill(d, 0, reviewers=None), ("检查人员", 2, "请填写检查人员")),
    "missing item": (lambda d: fill(d, 0, change=_clear_row(10)), ("检查项目", None, "缺少该检查项目")),
    "unknown item": (lambda d: fill(d, 0, change=_set("C10", "有党支部")), ("检查项目", 10, "有党支部")),
    "village out of scope": (lambda d: fill(d, 0, change=_set("C1", "XS03V01")), ("单位编码", 1, "不在您的权限范围内")),
    "unknown village": (lambda d: fill(d, 0, change=_set("C1", "XS99")), ("单位编码", 1, "XS99")),
    "layout changed": (lambda d: fill(d, 0, change=_set("A2", "日期")), ("检查日期", 2, "不是检查表的格式")),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_checklist_gives_a_chinese_cell_error_and_changes_nothing(xs, draw, client_for, case):
    client = client_for(xs.dg_secretary)
    spoil, (column, row, text) = BAD[case]
    data = fill(spoil(download(client, draw)), 1)  # the other sheet is fine
    response = upload(client, draw, data)
    errors = response.context["plan"].errors
    assert errors and not response.context["plan"].ok
    error = errors[0]
    assert (error.column, error.row) == (column, row) and error.sheet == "XS01V01 东港村关工委"
    assert text in str(error) and re.search(r"[\u4e00-\u9fff]", error.message)
    assert not re.search(r"[A-Za-z]{3,}", re.sub(r"“[^”]*”|XS\w+", "", str(error))), str(error)
    assert "确认导入" not in response.content.decode()
    assert confirm(client, draw).status_code == 302 and not Review.objects.exists()


def test_a_village_not_in_the_draw_and_another_draws_checklist_are_refused(xs, client_for):
    client = client_for(xs.dg_secretary)
    one = draw_make(actor=xs.dg_secretary, committee=xs.dg, year=YEAR, method="count", amount=1, seed=1)
    unpicked = "XS01V02" if one.frame[0]["id"] in one.picks else "XS01V01"
    data = fill(download(client, one), 0, change=_set("C1", unpicked))
    error = upload(client, one, data).context["plan"].errors[0]
    assert (error.column, error.value) == ("单位编码", unpicked) and "不在本次抽查名单中" in error.message
    error = upload(client, one, _other_draw(xs, client)).context["plan"].errors[0]
    assert error.sheet == "meta" and f"不是第 {one.pk} 号抽取的" in error.message
    assert not Review.objects.exists()


def test_only_who_may_evaluate_the_draws_scope_imports(xs, draw, client_for):
    data = fill(download(client_for(xs.dg_secretary), draw), 0)
    assert upload(client_for(xs.dg_viewer), draw, data).status_code == 403
    assert upload(client_for(xs.eh_secretary), draw, data).status_code == 404
    response = upload(client_for(xs.staff), draw, data)
    assert response.context["plan"].ok and len(response.context["plan"].to_record) == 1


def test_a_new_version_with_an_extra_item_changes_the_checklist_without_code_changes(xs, client_for):
    """The checklist's rows are the items of the draw's version, whatever the version holds."""
    from evaluations.selectors import standard_in_force, standard_items
    from evaluations.services import standard_copy, standard_update

    old = standard_in_force(datetime.date(YEAR, 12, 31))
    new = standard_copy(
        actor=xs.admin, standard=old, name=f"{YEAR} 修订", effective_from=datetime.date(YEAR, 1, 1), source="", notes=""
    )
    items = [{f: getattr(i, f) for f in ("code", "name", "group", "weight")} for i in standard_items(new)]
    items.append({"code": "Y6", "name": "有档案资料", "group": "five_haves", "weight": 0})
    data = {"name": new.name, "effective_from": new.effective_from, "source": "", "notes": ""}
    standard_update(actor=xs.admin, standard=new, data=data, items=items)
    draw = draw_make(actor=xs.dg_secretary, committee=xs.dg, year=YEAR, method="count", amount=1)
    book = load_workbook(io.BytesIO(download(client_for(xs.dg_secretary), draw)))
    texts = {str(cell.value) for row in book.worksheets[0].iter_rows() for cell in row if cell.value is not None}
    assert "有档案资料" in texts and {i.name for i in standard_items(old)} <= texts
