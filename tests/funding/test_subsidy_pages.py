"""The five-old subsidies' pages: each role reads its scope's payments and computes, changes and
confirms within its right (404 out of scope, 403 without MANAGE_FUNDS); phones masked and ID
numbers never shown; the list in a bounded number of queries; the Excel file's figures round
(2 decimals, the total the sum of the rows); the subsidy standards on the settings pages."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.template import Context, Template
from django.urls import reverse

from committees.models import Committee, Position
from funding.models import SubsidyKind, SubsidyPayment
from tests.factories import PersonFactory, PostFactory
from tests.funding.conftest import ID_NUMBER, PHONE, YEAR
from tests.scoping.matrix import ROLES, town_status

WRITES = {"admin": {"dg", "eh"}, "staff": {"dg", "eh"}, "dg_secretary": {"dg"}, "eh_secretary": {"eh"}}


def list_url(**query) -> str:
    url = reverse("funding:subsidies", kwargs={"year": YEAR})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_its_scope_and_computes_changes_confirms_within_its_right(xs, client_for, paid, role):
    client = client_for(getattr(xs, role))
    body = client.get(list_url()).content.decode()
    for side in ("dg", "eh"):
        assert (f"{side}驻会" in body) == (town_status(role, side, 200) == 200)
    assert ID_NUMBER not in body
    for side, town in (("dg", xs.dg), ("eh", xs.eh)):
        payment = paid[side]
        compute = client.post(reverse("funding:subsidy_compute", kwargs={"year": YEAR}), {"committee": town.pk})
        expected = town_status(role, side, 302, WRITES)
        # A reader without MANAGE_FUNDS anywhere is refused before the committee is looked up.
        assert compute.status_code in ((403, 404) if expected != 302 else (302,))
        edit = client.post(reverse("funding:payment_edit", kwargs={"pk": payment.pk}), {"amount": "0.55"})
        assert edit.status_code == expected
        confirm = client.post(reverse("funding:payment_confirm", kwargs={"pk": payment.pk}))
        assert confirm.status_code == expected
        payment.refresh_from_db()
        assert (payment.amount == Decimal("0.55"), payment.is_confirmed) == (expected == 302, expected == 302)


def test_a_viewer_sees_masked_phones_and_no_buttons(xs, client_for, paid):
    body = client_for(xs.viewer).get(list_url()).content.decode()
    assert PHONE not in body and "dg驻会" in body
    assert "payment_confirm" not in body and 'name="committee" value' not in body
    secretary = client_for(xs.dg_secretary).get(list_url()).content.decode()
    assert reverse("funding:payment_confirm", kwargs={"pk": paid["dg"].pk}) in secretary


def test_the_list_filters_by_town(xs, client_for, paid):
    body = client_for(xs.staff).get(list_url(committee=xs.eh.pk)).content.decode()
    assert "eh驻会" in body and "dg驻会" not in body


OPTIONS = (
    '{% for town in towns %}<option value="{{ town.pk }}"{% if chosen and chosen.pk == town.pk %} selected{% endif %}>'
    "{{ town.name }}</option>{% endfor %}\n"
    '  {% if chosen and chosen not in towns %}<option value="{{ chosen.pk }}" selected>{{ chosen.name }}</option>'
    "{% endif %}</select>"
)


@pytest.mark.parametrize("chosen", [None, "dg", "dg_v1", "district"])
def test_the_town_filter_is_the_options_the_template_loop_wrote(xs, client_for, paid, chosen):
    committee = getattr(xs, chosen) if chosen else None
    Committee.objects.filter(pk=xs.eh.pk).update(name="鹅湖<镇>")  # escaped as the loop escaped it
    body = client_for(xs.staff).get(list_url(committee=committee.pk) if committee else list_url()).content.decode()
    towns = Committee.objects.filter(kind__in=["town", "subdistrict"]).order_by("path")
    expected = Template(OPTIONS).render(Context({"towns": towns, "chosen": committee}))
    assert expected in body and "鹅湖&lt;镇&gt;" in expected
    assert expected.count("selected") == (chosen is not None)


def test_a_confirmed_payment_cannot_be_changed_from_its_page(xs, client_for, paid):
    client = client_for(xs.dg_secretary)
    client.post(reverse("funding:payment_confirm", kwargs={"pk": paid["dg"].pk}))
    response = client.post(reverse("funding:payment_edit", kwargs={"pk": paid["dg"].pk}), {"amount": "9"})
    assert response.status_code == 200 and "已确认，不能再修改" in response.content.decode()
    paid["dg"].refresh_from_db()
    assert paid["dg"].amount == Decimal("0.60")


@pytest.mark.parametrize("count", [2, 25])
def test_the_list_takes_a_bounded_number_of_queries(xs, client_for, paid, django_assert_max_num_queries, count):
    for n in range(count):
        village = Committee.objects.create(code=f"XS01V9{n:02d}", name=f"村{n}关工委", kind="village", parent=xs.dg)
        SubsidyPayment.objects.create(person=PersonFactory(phone=PHONE), committee=village, year=YEAR,
                                      kind=SubsidyKind.BACKBONE, months=12, computed=Decimal("0.1"),
                                      amount=Decimal("0.1"))  # fmt: skip
    client = client_for(xs.dg_secretary)
    with django_assert_max_num_queries(16):
        assert client.get(list_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("funding:subsidy_export", kwargs={"year": YEAR})).status_code == 200


def test_the_export_has_round_figures_no_personal_data_and_the_total(xs, client_for, paid):
    client = client_for(xs.staff)
    client.post(reverse("funding:payment_edit", kwargs={"pk": paid["eh"].pk}), {"amount": "0.333"})  # refused: 2 dp
    client.post(reverse("funding:payment_edit", kwargs={"pk": paid["eh"].pk}), {"amount": "0.35", "note": "半年"})
    response = client.get(reverse("funding:subsidy_export", kwargs={"year": YEAR}))
    assert "五老补贴-2022.xlsx" in unquote(response["Content-Disposition"])
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [[c.value for c in r] for r in book["五老补贴"].iter_rows()]
    assert rows[0][:5] == ["补贴编号", "单位编码", "单位名称", "年度", "姓名"]
    amounts = sorted(Decimal(str(r[8])) for r in rows[1:])
    assert amounts == [Decimal("0.35"), Decimal("0.60")]
    assert [r[9] for r in rows[1:] if r[9]] == ["半年"]
    instructions = " ".join(str(c.value) for r in book["填表说明"].iter_rows() for c in r if c.value)
    assert "合计：2 笔，2 人次，0.95 万元" in instructions
    flat = " ".join(str(v) for ws in book for r in ws.iter_rows(values_only=True) for v in r if v is not None)
    assert PHONE not in flat and ID_NUMBER not in flat and "resident" not in flat


def test_the_subsidy_standards_are_kept_on_the_settings_pages_by_admins(xs, client_for):
    create = reverse("registry:reference_create", kwargs={"table": "subsidy-standards"})
    data = {"kind": "resident_deputy", "level": "village", "amount": "0.30", "basis": "per_year", "first_year": 2019}
    assert client_for(xs.staff).post(create, data).status_code in (403, 404)
    assert client_for(xs.admin).post(create, data).status_code == 302
    body = client_for(xs.admin).get(reverse("registry:reference_list")).content.decode()
    assert 'data-table="subsidy-standards"' in body and "驻会副主任" in body


def test_a_secretary_marks_a_post_resident_and_the_person_page_says_so(xs, client_for):
    post = PostFactory(committee=xs.dg_v1, position=Position.DEPUTY)
    client = client_for(xs.dg_secretary)
    edit = reverse("registry:post_edit", kwargs={"pk": post.pk})
    assert 'name="resident"' in client.get(edit).content.decode()
    response = client.post(edit, {"position": "deputy", "resident": "on"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.resident and post.history.first().resident
    page = client.get(reverse("registry:person_detail", kwargs={"pk": post.person_id})).content.decode()
    assert ">驻会</span>" in page


def test_past_the_limit_the_filter_offers_the_levels_above_the_towns_and_the_chosen_ones_towns(
    xs, client_for, paid, monkeypatch
):
    from funding.views import subsidies as view

    monkeypatch.setattr(view, "TOWNS_AT_MOST", 1)  # the district's two towns are past it
    client = client_for(xs.staff)

    def offered(**params) -> list[str]:
        body = client.get(list_url(**params)).content.decode()
        select = body.split('<select name="committee">', 1)[1].split("</select>", 1)[0]
        assert "市、区或镇（街道）" in body.split('<select name="committee">', 1)[0]
        return re.findall(r'<option value="\d+"(?: selected)?>([^<]+)</option>', select)

    assert offered() == [xs.district.name]
    assert offered(committee=xs.district.pk) == [xs.district.name, xs.dg.name, xs.eh.name]
    assert offered(committee=xs.dg.pk) == [xs.district.name, xs.dg.name, xs.eh.name]  # its neighbours
    assert offered(committee=xs.dg_v1.pk) == [xs.district.name, xs.dg_v1.name]  # chosen below a town: kept
    body = client.get(list_url(committee=xs.eh.pk)).content.decode()
    assert "eh驻会" in body and "dg驻会" not in body  # the filter filters as before
    secretary = client_for(xs.dg_secretary).get(list_url()).content.decode()
    assert "镇（街道）" in secretary and "鹅湖" not in secretary  # one town: under the limit
