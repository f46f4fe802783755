"""surveys:upload — the upload form, and a file's preview: its changes, what is ignored, every problem."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from surveys.models import SubmissionRow
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.test_excel_plan import edited, post_upload, snapshot, template

pytestmark = pytest.mark.usefixtures("media_root")
dg_round = test_excel_plan.dg_round  # a fixture


def kept(response) -> str | None:
    found = response.wsgi_request.session.get(
        f"survey-upload:{response.context['survey_round'].pk}:{response.context['town'].pk}"
    )
    return found and found["file"]


def test_it_shows_the_form(xs, dg_round, client_for):
    response = client_for(xs.dg_secretary).get(reverse("surveys:upload", kwargs={"year": 2024, "town_pk": xs.dg.pk}))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="file"' in body
    assert reverse("surveys:template_download", kwargs={"year": 2024, "town_pk": xs.dg.pk}) in body


def test_it_previews_the_changes_and_keeps_the_file(xs, dg_round, client_for):
    data = edited(template(dg_round, xs.dg), ("表2", "XS01V02", "社会筹措(万元)", 2.5))
    before = snapshot()
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, data)
    assert response.status_code == 200 and response.context["confirm"] is True
    body = response.content.decode()
    assert "港下社区关工委（XS01V02）" in body and "社会筹措(万元)" in body and "1.20" in body and "2.50" in body
    assert reverse("surveys:upload_confirm", kwargs={"year": 2024, "town_pk": xs.dg.pk}) in body
    assert default_storage.exists(f"imports/{kept(response)}")
    assert snapshot() == before


def test_it_lists_the_checks_that_will_block_submitting(xs, dg_round, client_for):
    data = edited(template(dg_round, xs.dg), ("表4", "XS01", "骨干60岁以下", 2))
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, data)
    assert response.context["confirm"] is True
    assert "骨干各年龄段合计 11 人，应等于骨干层人数 10 人。" in response.content.decode()


def test_a_typed_team_count_is_ignored_with_a_note(xs, dg_round, client_for):
    data = edited(template(dg_round, xs.dg), ("表4", "XS01", "志愿者团队数", 5))
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, data)
    assert response.context["confirm"] is False  # ignored, it changes nothing
    body = response.content.decode()
    assert "志愿者团队数按“表4B 志愿团队”所列行数自动计算为 2，文件中填写的 5 已忽略。" in body
    assert "不一致" not in body


def test_it_shows_what_is_ignored(xs, dg_round, client_for):
    wb_data = edited(template(dg_round, xs.dg), drop=("表2",))
    response = post_upload(
        client_for(xs.dg_secretary), dg_round, xs.dg, edited(wb_data, ("表1", 1, "备注", "备注（选填）"))
    )
    assert response.context["plan"].errors == []
    assert "不是本表的列，已忽略。" in response.content.decode()


def test_a_workbook_without_meta_is_read_as_the_pages_round_and_town(xs, dg_round, client_for):
    data = edited(template(dg_round, xs.dg), ("表5", "XS01", "宣传稿件数", 8), drop=("meta",))
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, data)
    assert response.context["plan"].errors == [] and response.context["confirm"] is True


def test_it_requires_a_file(xs, dg_round, client_for):
    url = reverse("surveys:upload", kwargs={"year": 2024, "town_pk": xs.dg.pk})
    response = client_for(xs.dg_secretary).post(url, {})
    assert response.status_code == 200 and "plan" not in response.context
    assert response.context["error"]


def test_a_file_too_large_is_not_read(xs, dg_round, client_for, settings):
    settings.XLSX_MAX_UPLOAD_BYTES = 1024
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, template(dg_round, xs.dg))
    assert response.status_code == 413 and "plan" not in response.context


def test_an_unchanged_file_is_not_offered_for_import(xs, dg_round, client_for):
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, template(dg_round, xs.dg))
    assert response.status_code == 200 and response.context["plan"].errors == []
    assert response.context["confirm"] is False and kept(response) is None
    body = response.content.decode()
    assert reverse("surveys:upload_confirm", kwargs={"year": 2024, "town_pk": xs.dg.pk}) not in body
    assert "确认导入" not in body and "文件与当前填报内容相同，无需导入。" in body


def test_a_new_upload_drops_the_file_kept_before(xs, dg_round, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(template(dg_round, xs.dg), ("表2", "XS01V02", "社会筹措(万元)", 2.5))
    first = kept(post_upload(client, dg_round, xs.dg, data))
    second = kept(post_upload(client, dg_round, xs.dg, data))
    assert first != second
    assert not default_storage.exists(f"imports/{first}") and default_storage.exists(f"imports/{second}")


def test_a_refused_file_is_not_kept(xs, dg_round, client_for):
    data = edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", "八"))
    response = post_upload(client_for(xs.dg_secretary), dg_round, xs.dg, data)
    assert response.context["confirm"] is False and kept(response) is None
    assert SubmissionRow.objects.filter(values__leadership_size="八").count() == 0


def test_it_checks_the_csrf_token(xs, dg_round):
    client = Client(enforce_csrf_checks=True)
    client.force_login(xs.dg_secretary)
    before = snapshot()
    response = post_upload(client, dg_round, xs.dg, template(dg_round, xs.dg))
    assert response.status_code == 403 and snapshot() == before
