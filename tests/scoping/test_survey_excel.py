"""Role × town matrix for the survey workbook: template download, upload (form and preview), confirm.

Out of the reader's scope: 404. Readable but not allowed to enter the forms: 403. A file naming
another town's committees is refused and nothing is stored; another town's template is refused.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys import imports
from tests.committees.test_import_helpers import media_root  # noqa: F401 - a fixture
from tests.scoping.matrix import ROLES
from tests.surveys.test_excel_plan import edited, snapshot

pytestmark = pytest.mark.usefixtures("media_root")

TOWNS = ["dg", "eh", "dg_v1"]  # a village is not surveyed: 404 for everyone
READS = {
    "admin": {"dg", "eh", "dg_v1"},
    "staff": {"dg", "eh", "dg_v1"},
    "dg_secretary": {"dg", "dg_v1"},
    "eh_secretary": {"eh"},
    "viewer": {"dg", "eh", "dg_v1"},
    "dg_viewer": {"dg", "dg_v1"},
}
ENTERS = {
    "admin": {"dg", "eh", "dg_v1"},
    "staff": {"dg", "eh", "dg_v1"},
    "dg_secretary": {"dg", "dg_v1"},
    "eh_secretary": {"eh"},
    "viewer": set(),
    "dg_viewer": set(),
}


def kwargs(xs, town: str) -> dict:
    return {"year": 2024, "town_pk": getattr(xs, town).pk}


def expected(role: str, town: str, allowed: int) -> int:
    if town not in READS[role]:
        return 404
    if town not in ENTERS[role]:
        return 403
    return 404 if town == "dg_v1" else allowed


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_download_follows_the_matrix(xs, client_for, survey_round, role, town):
    response = client_for(getattr(xs, role)).get(reverse("surveys:template_download", kwargs=kwargs(xs, town)))
    assert response.status_code == (200 if town in READS[role] and town != "dg_v1" else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_the_upload_page_follows_the_matrix(xs, client_for, survey_round, role, town):
    response = client_for(getattr(xs, role)).get(reverse("surveys:upload", kwargs=kwargs(xs, town)))
    assert response.status_code == expected(role, town, 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", ["dg", "eh"])
def test_uploading_follows_the_matrix_and_a_refusal_stores_nothing(xs, client_for, survey_round, role, town):
    data = edited(imports.survey_template(survey_round, getattr(xs, town)), ("表1", 2, "班子成员数", 9))
    before = snapshot()
    client = client_for(getattr(xs, role))
    response = client.post(
        reverse("surveys:upload", kwargs=kwargs(xs, town)), {"file": SimpleUploadedFile("x.xlsx", data)}
    )
    assert response.status_code == expected(role, town, 200)
    confirm = client.post(reverse("surveys:upload_confirm", kwargs=kwargs(xs, town)))
    assert confirm.status_code == expected(role, town, 302)
    if confirm.status_code != 302:
        assert snapshot() == before
    else:
        assert snapshot() != before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("town", TOWNS)
def test_confirming_follows_the_matrix(xs, client_for, survey_round, role, town):
    response = client_for(getattr(xs, role)).post(reverse("surveys:upload_confirm", kwargs=kwargs(xs, town)))
    assert response.status_code == expected(role, town, 302)


def test_a_secretary_cannot_import_another_towns_template_into_their_own(xs, client_for, survey_round):
    data = imports.survey_template(survey_round, xs.eh)
    before = snapshot()
    client = client_for(xs.dg_secretary)
    response = client.post(
        reverse("surveys:upload", kwargs=kwargs(xs, "dg")), {"file": SimpleUploadedFile("x.xlsx", data)}
    )
    assert [e.message for e in response.context["plan"].errors] == [
        "该工作簿是鹅湖镇关工委（XS03）的调查表，不能导入东港镇关工委（XS01）。"
    ]
    assert client.post(reverse("surveys:upload_confirm", kwargs=kwargs(xs, "dg"))).status_code == 302
    assert snapshot() == before


def test_rows_of_another_town_are_refused_and_nothing_is_stored(xs, client_for, survey_round):
    data = edited(
        imports.survey_template(survey_round, xs.dg),
        ("表1", 2, "班子成员数", 9),  # a good change that must not be stored either
        ("表1", 3, "单位编码", "XS03V01"),
        ("表1", 3, "单位名称", "甘露村关工委"),
        ("表4B", 2, "单位编码", "XS03"),
        ("表4B", 2, "团队名称", "鹅湖镇宣讲团"),
        ("表4B", 2, "团队类型", "宣讲团"),
        ("表4B", 2, "成员数", 5),
        drop=("meta",),
    )
    before = snapshot()
    client = client_for(xs.dg_secretary)
    response = client.post(
        reverse("surveys:upload", kwargs=kwargs(xs, "dg")), {"file": SimpleUploadedFile("x.xlsx", data)}
    )
    errors = [(e.sheet, e.row, e.header, e.value) for e in response.context["plan"].errors]
    assert errors == [("表1 班子队伍", 3, "单位编码", "XS03V01"), ("表4B 志愿团队", 2, "单位编码", "XS03")]
    assert "不是东港镇关工委（XS01）所属的关工委" in response.content.decode()
    assert client.post(reverse("surveys:upload_confirm", kwargs=kwargs(xs, "dg"))).status_code == 302
    assert snapshot() == before
