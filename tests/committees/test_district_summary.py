import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from committees import services
from committees.models import Committee


@pytest.fixture
def demo(demo_district):
    """The demo district (tests/demo_snapshot.py)."""


def summary(*args: str) -> str:
    out = StringIO()
    call_command("district_summary", *args, stdout=out)
    return out.getvalue()


def test_it_counts_the_demo_district(demo):
    data = json.loads(summary("--json"))
    assert data["unit"] == "XS" and data["name"] == "锡山区关工委"
    assert (data["towns"], data["villages"], data["schools"], data["enterprises"]) == (9, 128, 39, 404)
    assert data["lines"] == 3
    assert data["by_kind"]["town"] == 4 and data["by_kind"]["subdistrict"] == 5


def test_it_counts_one_towns_subtree(demo):
    data = json.loads(summary("--json", "--unit", "XS01"))
    assert data["name"] == "东港镇关工委"
    assert (data["towns"], data["villages"], data["schools"], data["enterprises"]) == (0, 20, 5, 60)


def test_it_leaves_out_closed_committees(demo):
    village = Committee.objects.get(code="XS01V20")
    services.committee_close(actor=None, committee=village, closed_on=datetime.date(2024, 6, 30))
    data = json.loads(summary("--json", "--unit", "XS01"))
    assert data["villages"] == 19


def test_it_prints_a_table(demo):
    out = summary()
    assert "锡山区关工委（XS）" in out
    assert "村（社区）" in out and "128" in out and "404" in out


def test_it_rejects_an_unknown_unit(demo):
    with pytest.raises(CommandError, match="找不到单位编码 XYZ"):
        summary("--unit", "XYZ")


def test_it_needs_a_district(db):
    with pytest.raises(CommandError, match="load_demo"):
        summary()


def test_it_counts_the_demo_registry(demo):
    data = json.loads(summary("--json", "--on", "2023-12-31"))  # the README's figures
    assert data["backbone"] == 368
    assert data["participants"] == 3450
    assert data["volunteer_teams"] == 59
    assert data["village_exec_deputy_five_old"] == 127
    assert data["hub_and_points_villages"] == 42
    assert data["backbone_age_70_80_share"] == 0.652


def test_the_registry_counts_one_towns_subtree(demo):
    district = json.loads(summary("--json"))
    towns = [json.loads(summary("--json", "--unit", f"XS{t:02d}")) for t in range(1, 10)]
    for key in (
        "backbone",
        "participants",
        "volunteer_teams",
        "village_exec_deputy_five_old",
        "hub_and_points_villages",
    ):
        assert sum(t[key] for t in towns) == district[key], key
    assert towns[0]["village_exec_deputy_five_old"] == 20


def test_the_registry_leaves_out_exits_ended_posts_and_closed_villages(demo):
    from committees.models import Layer, Position, Post, Volunteer

    before = json.loads(summary("--json", "--unit", "XS01"))
    in_v02 = Volunteer.objects.filter(layer=Layer.BACKBONE, committee__code="XS01V02").count()
    volunteer = Volunteer.objects.filter(layer=Layer.BACKBONE, committee__code="XS01V03").first()
    volunteer.exited_on = datetime.date(2024, 1, 31)
    volunteer.exit_reason = "身体原因"
    volunteer.save()
    post = Post.objects.get(committee__code="XS01V01", position=Position.EXECUTIVE_DEPUTY)
    post.ended_on = datetime.date(2024, 1, 31)
    post.save()
    services.committee_close(
        actor=None, committee=Committee.objects.get(code="XS01V02"), closed_on=datetime.date(2024, 6, 30)
    )
    data = json.loads(summary("--json", "--unit", "XS01"))
    assert data["village_exec_deputy_five_old"] == 18
    assert in_v02 > 0
    assert data["backbone"] == before["backbone"] - 1 - in_v02


def test_the_share_is_empty_without_backbone(xs):
    data = json.loads(summary("--json"))
    assert data["backbone"] == 0 and data["backbone_age_70_80_share"] is None
    assert "骨干层中70" not in summary()


@pytest.fixture
def aging_backbone(xs):
    """Two backbone five-olds born 1955 and 1950: 68 and 73 at the end of 2023 (one of two aged
    70–80), 71 and 76 in 2026 (both)."""
    from committees.models import Layer
    from tests.factories import PersonFactory, VolunteerFactory

    for birth_year in (1955, 1950):
        VolunteerFactory(person=PersonFactory(birth_year=birth_year), committee=xs.dg_v1, layer=Layer.BACKBONE)


def test_ages_are_taken_on_the_date_given(aging_backbone):
    assert json.loads(summary("--json", "--on", "2023-12-31"))["backbone_age_70_80_share"] == 0.5
    assert json.loads(summary("--json", "--on", "2026-12-31"))["backbone_age_70_80_share"] == 1.0
    assert "骨干层中70—80岁（2026年末）占 100.0%" in summary("--on", "2026-12-31")


def test_ages_are_taken_today_by_default(aging_backbone, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: datetime.date(2026, 3, 1))
    assert json.loads(summary("--json"))["backbone_age_70_80_share"] == 1.0
    assert "（2026年末）" in summary()


def test_it_rejects_a_date_that_is_not_one(xs):
    with pytest.raises(CommandError, match="2026-13-01不是日期"):
        summary("--on", "2026-13-01")
