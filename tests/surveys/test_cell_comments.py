"""A reviewer returns a form with comments on its cells; the town sees each on
its cell in the grid and in its Excel template until it submits again, and the form's history
keeps them under the return they came with."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from surveys import imports, services
from surveys.models import CellComment, State, Submission, SubmissionRow
from surveys.services import CommentDraft
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import submission
from tests.surveys.test_excel_plan import post_upload

dg_round = test_excel_plan.dg_round  # a fixture: 东港镇's five forms filled, in draft

ON_BUDGET = CommentDraft("main", "XS01V01", "budget", "预算与财政文件不符，请核对")


def submit(xs, survey_round, form: int) -> Submission:
    return services.submission_submit(actor=xs.dg_secretary, submission=submission(survey_round, xs.dg, form))


def return_with(xs, sub: Submission, *comments: CommentDraft, actor=None) -> Submission:
    return services.submission_return(
        actor=actor or xs.staff, submission=sub, reason="请按批注修改", comments=list(comments)
    )


def team_row(sub: Submission) -> SubmissionRow:
    return SubmissionRow.objects.filter(submission=sub, section="B").order_by("position").first()


@pytest.fixture
def returned(xs, dg_round) -> Submission:
    """东港镇's 表2 returned with a comment on 东港村's 预算 cell."""
    return return_with(xs, submit(xs, dg_round, 2), ON_BUDGET)


# The service ------------------------------------------------------------------------------------


def test_returning_stores_the_comments_with_the_return(xs, returned):
    comment = CellComment.objects.get()
    assert (comment.section, comment.row_key, comment.field_key) == ("main", "XS01V01", "budget")
    assert comment.text == ON_BUDGET.text and comment.author == xs.staff
    assert comment.row_label == "东港村关工委"
    assert comment.transition.action == "return" and comment.transition.submission_id == returned.pk
    assert comment.history.count() == 1  # kept in the history like every other record


def test_a_list_row_is_named_by_its_id(xs, dg_round):
    form4 = submit(xs, dg_round, 4)
    row = team_row(form4)
    return_with(xs, form4, CommentDraft("B", str(row.pk), "founded_year", "成立年份有误"))
    comment = CellComment.objects.get()
    assert comment.row_key == str(row.pk) and comment.row_label.startswith("第1行")


@pytest.mark.parametrize(
    "draft, message",
    [
        (CommentDraft("main", "XS03V01", "budget", "不是本镇的村"), "XS03V01"),
        (CommentDraft("main", "XS01V01", "no_such_column", "没有这一列"), "no_such_column"),
        (CommentDraft("main", "XS01V01", "committee_name", "名称不是单元格"), "committee_name"),
        (CommentDraft("B", "XS01V01", "budget", "表2没有子表"), "XS01V01"),
        (CommentDraft("main", "XS01V01", "budget", "   "), "为空"),
    ],
)
def test_a_comment_must_be_on_a_cell_of_the_form(xs, dg_round, draft, message):
    form2 = submit(xs, dg_round, 2)
    with pytest.raises(ValidationError) as raised:
        return_with(xs, form2, draft)
    assert any(message in m for m in raised.value.messages)
    assert Submission.objects.get(pk=form2.pk).state == State.SUBMITTED
    assert not CellComment.objects.exists()


def test_two_comments_on_one_cell_are_refused(xs, dg_round):
    form2 = submit(xs, dg_round, 2)
    with pytest.raises(ValidationError, match="合并"):
        return_with(xs, form2, ON_BUDGET, ON_BUDGET)


def test_a_secretary_cannot_return_with_comments(xs, dg_round):
    form2 = submit(xs, dg_round, 2)
    with pytest.raises(PermissionDenied):
        return_with(xs, form2, ON_BUDGET, actor=xs.dg_secretary)
    assert not CellComment.objects.exists()


# The secretary's grid -------------------------------------------------------------------------


def detail(client, sub: Submission) -> str:
    response = client.get(reverse("surveys:submission_detail", args=[sub.pk]))
    assert response.status_code == 200
    return response.content.decode()


def cell_tag(page: str, dom_id: str) -> str:
    return re.search(rf'<td id="{dom_id}"[^>]*>', page).group(0)


def test_the_secretary_sees_the_comment_on_its_cell(xs, returned, client_for):
    page = detail(client_for(xs.dg_secretary), returned)
    index = list(SubmissionRow.objects.filter(submission=returned).order_by("position").values_list("pk", flat=True))
    village = SubmissionRow.objects.get(submission=returned, values__committee_code="XS01V01")
    dom_id = f"cell-main-{index.index(village.pk)}-budget"
    tag = cell_tag(page, dom_id)
    assert "has-comment" in tag and f"批注：{ON_BUDGET.text}" in tag
    inside = page[page.index(tag) : page.index("</td>", page.index(tag))]
    assert f'<span class="cell-comment">批注：{ON_BUDGET.text}</span>' in inside  # seen without hovering
    other = cell_tag(page, f"cell-main-{index.index(village.pk)}-in_place")
    assert "has-comment" not in other
    # The list above the grid links to the cell.
    listing = page[page.index('id="cell-comments"') :]
    assert "退回批注" in listing[:200]
    assert f'<a href="#{dom_id}">表2 经费落实 · 东港村关工委 · ' in listing
    assert ON_BUDGET.text in listing and "区工作人员" in listing


def test_another_town_cannot_read_them(xs, returned, client_for):
    response = client_for(xs.eh_secretary).get(reverse("surveys:submission_detail", args=[returned.pk]))
    assert response.status_code == 404


def test_after_resubmitting_the_comments_are_in_the_history_only(xs, returned, client_for):
    services.submission_submit(actor=xs.dg_secretary, submission=returned)
    page = detail(client_for(xs.staff), returned)
    assert "has-comment" not in page and 'id="cell-comments"' not in page
    history = page[page.index('id="transitions-title"') :]
    assert "退回批注" in history
    assert f"表2 经费落实 · 东港村关工委 · 预算安排(万元)：{ON_BUDGET.text}" in history


def test_each_return_keeps_its_own_comments(xs, returned, client_for):
    services.submission_submit(actor=xs.dg_secretary, submission=returned)
    second = CommentDraft("main", "XS01", "in_place", "到位金额请附凭证")
    return_with(xs, Submission.objects.get(pk=returned.pk), second)
    page = detail(client_for(xs.dg_secretary), returned)
    listing = page[page.index('id="cell-comments"') : page.index('id="transitions-title"')]
    assert second.text in listing and ON_BUDGET.text not in listing.split("</section>")[0]
    history = page[page.index('id="transitions-title"') :]
    assert history.index(ON_BUDGET.text) < history.index(second.text)


# The Excel template -----------------------------------------------------------------------------


def test_the_template_has_the_comment_on_its_cell(xs, returned, client_for):
    response = client_for(xs.dg_secretary).get(
        reverse("surveys:template_download", kwargs={"year": 2024, "town_pk": xs.dg.pk})
    )
    data = b"".join(response.streaming_content) if response.streaming else response.content
    ws = load_workbook(io.BytesIO(data))["表2 经费落实"]
    headers = [c.value.replace("\n", "") for c in ws[1]]
    rows = [r[0].value for r in ws.iter_rows(min_row=2)]
    cell = ws.cell(
        rows.index("XS01V01") + 2, headers.index("预算安排(万元)（2023年度）") + 1
    )  # the header names its year
    assert cell.comment is not None
    assert cell.comment.text == ON_BUDGET.text and cell.comment.author == "区工作人员"
    commented = [(c.coordinate) for row in ws.iter_rows() for c in row if c.comment]
    assert commented == [cell.coordinate]
    assert not any(c.comment for ws2 in load_workbook(io.BytesIO(data)).worksheets for row in ws2.iter_rows()
                   for c in row if ws2.title != "表2 经费落实")  # fmt: skip


def test_a_list_rows_comment_is_on_its_row_in_the_template(xs, dg_round):
    form4 = submit(xs, dg_round, 4)
    row = team_row(form4)
    return_with(xs, form4, CommentDraft("B", str(row.pk), "founded_year", "成立年份有误"))
    ws = load_workbook(io.BytesIO(imports.survey_template(dg_round, xs.dg)))["表4B 志愿团队"]
    headers = [c.value for c in ws[1]]
    assert ws.cell(2, headers.index("成立年份") + 1).comment.text == "成立年份有误"


def test_the_template_has_no_comment_once_the_form_is_resubmitted(xs, returned):
    services.submission_submit(actor=xs.dg_secretary, submission=returned)
    book = load_workbook(io.BytesIO(imports.survey_template(returned.survey_round, xs.dg)))
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.comment]


@pytest.mark.usefixtures("media_root")
def test_the_template_with_comments_uploads_back_unchanged(xs, returned, client_for):
    client = client_for(xs.dg_secretary)
    data = imports.survey_template(returned.survey_round, xs.dg)
    plan = post_upload(client, returned.survey_round, xs.dg, data).context["plan"]
    assert plan.errors == [] and not plan.changed


# The return form (the path without script) -----------------------------------------------------


def return_url(sub: Submission) -> str:
    return reverse("surveys:submission_return", kwargs={"pk": sub.pk})


def test_the_return_form_posts_comments_by_row_and_column(xs, dg_round, client_for):
    form2 = submit(xs, dg_round, 2)
    post = {
        "reason": "请按批注修改",
        "comment_row": ["main:XS01V01", "", "main:XS01"],
        "comment_column": ["main:budget", "", "main:in_place"],
        "comment_text": [ON_BUDGET.text, "", "到位金额请附凭证"],
    }
    response = client_for(xs.staff).post(return_url(form2), post)
    assert response.status_code == 302
    assert Submission.objects.get(pk=form2.pk).state == State.RETURNED
    found = CellComment.objects.order_by("pk").values_list("row_key", "field_key", "text")
    assert list(found) == [("XS01V01", "budget", ON_BUDGET.text), ("XS01", "in_place", "到位金额请附凭证")]


def test_the_return_page_offers_the_rows_and_columns(xs, dg_round, client_for):
    form2 = submit(xs, dg_round, 2)
    page = client_for(xs.staff).get(return_url(form2)).content.decode()
    assert '<option value="main:XS01V01" data-anchor="row-main-1">东港村关工委</option>' in page
    assert '<option value="main:budget">预算安排(万元)</option>' in page
    assert page.count('name="comment_text"') == 3 + 1  # three blank, and the script's template


def test_a_bad_comment_keeps_the_form_submitted_and_shows_why(xs, dg_round, client_for):
    form2 = submit(xs, dg_round, 2)
    post = {"reason": "请修改", "comment_row": "main:XS01V01", "comment_column": "main:nope", "comment_text": "?"}
    response = client_for(xs.staff).post(return_url(form2), post)
    assert response.status_code == 200 and "nope" in response.content.decode()
    assert Submission.objects.get(pk=form2.pk).state == State.SUBMITTED
    # What was typed is offered again.
    assert '<option value="main:XS01V01" data-anchor="row-main-1" selected>' in response.content.decode()


def test_a_comment_needs_a_row_and_a_column(xs, dg_round, client_for):
    form2 = submit(xs, dg_round, 2)
    post = {"reason": "请修改", "comment_row": "", "comment_column": "main:budget", "comment_text": "哪一行？"}
    response = client_for(xs.staff).post(return_url(form2), post)
    assert response.status_code == 200 and "请为每条批注选择行和列" in response.content.decode()
    assert not CellComment.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "dg_secretary", "dg_viewer"])
def test_only_reviewers_may_comment(xs, dg_round, client_for, who):
    form2 = submit(xs, dg_round, 2)
    post = {"reason": "x", "comment_row": "main:XS01V01", "comment_column": "main:budget", "comment_text": "x"}
    response = client_for(getattr(xs, who)).post(return_url(form2), post)
    assert response.status_code == 403
    assert not CellComment.objects.exists()


def test_the_reviewer_gets_the_comment_tools_on_a_submitted_form(xs, dg_round, client_for):
    form2 = submit(xs, dg_round, 2)
    page = detail(client_for(xs.staff), form2)
    assert 'id="return-comments"' in page and 'id="comment-dialog"' in page
    assert "js/review-comments.js" in page and 'data-label-add="添加批注"' in page
    for reader in (xs.viewer, xs.dg_secretary):
        page = detail(client_for(reader), form2)
        assert 'id="return-comments"' not in page and "review-comments.js" not in page


def test_the_return_email_lists_the_comments(xs, dg_round, eager, django_capture_on_commit_callbacks):
    xs.dg_secretary.email = "dg@example.cn"
    xs.dg_secretary.save()
    form2 = submit(xs, dg_round, 2)
    with django_capture_on_commit_callbacks(execute=True):
        return_with(xs, form2, ON_BUDGET)
    (message,) = mail.outbox
    assert f"- 表2 经费落实 · 东港村关工委 · 预算安排(万元)：{ON_BUDGET.text}" in message.body


def test_the_list_above_the_grid_follows_the_grid_and_keeps_a_comment_whose_row_is_gone(xs, dg_round, client_for):
    form4 = submit(xs, dg_round, 4)
    first, second = SubmissionRow.objects.filter(submission=form4, section="B").order_by("position")[:2]
    return_with(
        xs,
        form4,
        CommentDraft("B", str(second.pk), "members", "第二个团队的人数"),
        CommentDraft("main", "XS01", "backbone", "骨干层人数请核对"),
        CommentDraft("B", str(first.pk), "members", "第一个团队的人数"),
    )
    page = detail(client_for(xs.dg_secretary), form4)
    listing = page[page.index('id="cell-comments"') : page.index("</section>", page.index('id="cell-comments"'))]
    order = [listing.index(t) for t in ("骨干层人数请核对", "第一个团队的人数", "第二个团队的人数")]
    assert order == sorted(order)
    # The secretary removes the first team: its comment stays listed (without a cell), the second stays on its row.
    first._history_user = xs.dg_secretary
    first.delete()
    page = detail(client_for(xs.dg_secretary), form4)
    listing = page[page.index('id="cell-comments"') : page.index("</section>", page.index('id="cell-comments"'))]
    assert "第一个团队的人数" in listing and '<a href="#cell-B-0-members">' in listing
    assert "第二个团队的人数" in cell_tag(page, "cell-B-0-members")


def test_an_extension_after_the_return_leaves_its_reason_and_comments_in_view(xs, returned, client_for):
    # Granting an extension is a step of the returned form too (returned → returned): it is not a return.
    until = returned.survey_round.deadline + datetime.timedelta(days=10)
    services.town_extend(actor=xs.staff, survey_round=returned.survey_round, town=xs.dg, until=until, reason="延期")
    page = detail(client_for(xs.dg_secretary), returned)
    banner = page[page.index('class="banner returned"') :].split("</div>")[0]
    assert "请按批注修改" in banner and "延期" not in banner
    assert ON_BUDGET.text in page[page.index('id="cell-comments"') :]
    data = imports.survey_template(returned.survey_round, xs.dg)
    ws = load_workbook(io.BytesIO(data))["表2 经费落实"]
    assert [c.comment.text for row in ws.iter_rows() for c in row if c.comment] == [ON_BUDGET.text]
