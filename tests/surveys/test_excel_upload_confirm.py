"""surveys:upload_confirm — the kept file is checked again and saved to the town's forms, all or nothing."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse

from surveys import services
from surveys.models import Submission, SubmissionRow
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.surveys import test_excel_plan
from tests.surveys.conftest import submission
from tests.surveys.test_excel_plan import edited, post_confirm, post_upload, snapshot, template, values

pytestmark = pytest.mark.usefixtures("media_root")
dg_round = test_excel_plan.dg_round  # a fixture


def uploaded(client, survey_round, town, data: bytes) -> str:
    preview = post_upload(client, survey_round, town, data)
    assert preview.context["confirm"] is True, [str(e) for e in preview.context["plan"].errors]
    return preview.wsgi_request.session[f"survey-upload:{survey_round.pk}:{town.pk}"]["file"]


def test_it_works(xs, dg_round, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(
        template(dg_round, xs.dg), ("表1", "XS01V01", "班子成员数", 6), ("表5B", 2, "简介", "中心站加 2 个辅导点")
    )
    file = uploaded(client, dg_round, xs.dg, data)
    response = post_confirm(client, dg_round, xs.dg)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:town_round", kwargs={"year": 2024, "town_pk": xs.dg.pk})
    assert values(dg_round, xs.dg, 1, 2)["leadership_size"] == 6
    assert values(dg_round, xs.dg, 5, 1, "B")["summary"] == "中心站加 2 个辅导点"
    record = SubmissionRow.objects.get(submission__form=1, submission__town=xs.dg, position=2).history.first()
    assert record.history_user == xs.dg_secretary
    assert not default_storage.exists(f"imports/{file}")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


def test_district_staff_import_on_the_towns_behalf(xs, dg_round, client_for):
    client = client_for(xs.staff)
    uploaded(client, dg_round, xs.dg, edited(template(dg_round, xs.dg), ("表4", "XS01", "本年新加入", 4)))
    post_confirm(client, dg_round, xs.dg)
    form4 = submission(dg_round, xs.dg, 4)
    assert values(dg_round, xs.dg, 4)["joined"] == 4
    assert form4.updated_by == xs.staff and form4.updated_on_behalf is True
    assert form4.rows.get(section="main").history.first().history_change_reason == "on behalf"


def test_an_unchanged_file_saves_nothing(xs, dg_round, client_for):
    client = client_for(xs.dg_secretary)
    preview = post_upload(client, dg_round, xs.dg, template(dg_round, xs.dg))
    assert preview.context["confirm"] is False  # not offered, and not kept: a confirm posted anyway
    before = snapshot()
    response = post_confirm(client, dg_round, xs.dg)
    assert response.status_code == 302 and snapshot() == before
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_it_checks_the_file_again_and_saves_nothing_when_a_form_was_locked_since(xs, dg_round, client_for):
    client = client_for(xs.dg_secretary)
    data = edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9), ("表2", "XS01", "预算安排(万元)", 9))
    uploaded(client, dg_round, xs.dg, data)
    services.submission_submit(actor=xs.staff, submission=submission(dg_round, xs.dg, 2))
    before = snapshot()
    response = post_confirm(client, dg_round, xs.dg)
    assert response.status_code == 200 and response.context["confirm"] is False
    assert "表2在预览之后已上报或已退回" in response.content.decode()
    assert snapshot() == before and values(dg_round, xs.dg, 1)["leadership_size"] == 8


def test_without_a_kept_file_it_sends_back_to_the_upload(xs, dg_round, client_for):
    response = post_confirm(client_for(xs.dg_secretary), dg_round, xs.dg)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:upload", kwargs={"year": 2024, "town_pk": xs.dg.pk})
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


def test_the_file_kept_for_a_town_is_not_confirmed_for_another(xs, dg_round, client_for):
    client = client_for(xs.admin)
    uploaded(client, dg_round, xs.dg, edited(template(dg_round, xs.dg), ("表1", "XS01", "班子成员数", 9)))
    before = snapshot()
    response = post_confirm(client, dg_round, xs.eh)
    assert response.status_code == 302 and snapshot() == before


def test_it_takes_only_post(xs, dg_round, client_for):
    url = reverse("surveys:upload_confirm", kwargs={"year": 2024, "town_pk": xs.dg.pk})
    assert client_for(xs.dg_secretary).get(url).status_code == 405
    assert Submission.objects.filter(updated_by=xs.dg_secretary).count() == 5  # the fixture's saves only
