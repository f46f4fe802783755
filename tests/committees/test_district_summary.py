import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from committees import services
from committees.models import Committee


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())


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
