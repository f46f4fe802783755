"""The study-aid pages: who reads and who writes (404 out of scope, 403 in scope without the
right), the forms (errors in Chinese, choices narrowed to the user's scope), history, no personal
data of the students aided, and lists in a bounded number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse

from committees.models import Committee, Kind
from funding import donation_services as services
from funding import selectors
from funding.donation_models import AidProgramme, AidSession, Donation, Donor, DonorKind
from tests.factories import CommitteeFactory
from tests.scoping.matrix import ROLES, town_status

YEAR = 2022
WRITES = {"admin": {"dg", "eh"}, "staff": {"dg", "eh"}, "dg_secretary": {"dg"}, "eh_secretary": {"eh"}}


def town(xs, side: str):
    return xs.dg if side == "dg" else xs.eh


def village(xs, side: str):
    return xs.dg_v1 if side == "dg" else xs.eh_v1


def programme(xs, committee, name="爱心助学金", first_year=2018) -> AidProgramme:
    return services.programme_save(
        actor=xs.admin, programme=AidProgramme(committee=committee), name=name, first_year=first_year
    )


def donor(xs, committee, name="无锡爱心机械有限公司") -> Donor:
    return services.donor_add(actor=xs.admin, committee=committee, name=name, kind=DonorKind.ENTERPRISE)


def session(xs, prog, number=1, year=YEAR, students=10) -> AidSession:
    return services.session_save(
        actor=xs.admin, session=AidSession(programme=prog), year=year, number=number, amount=Decimal("2.50"),
        students=students, awards=students,
    )  # fmt: skip


SESSION = {
    "year": str(YEAR),
    "number": "5",
    "date": f"{YEAR}-09-10",
    "amount": "3.20",
    "students": "40",
    "awards": "40",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("side", ["dg", "eh"])
def test_each_role_reads_and_writes_programmes_within_its_scope(xs, client_for, role, side):
    client = client_for(getattr(xs, role))
    prog = programme(xs, village(xs, side))
    target = session(xs, prog)
    url = reverse("funding:aid_programme", kwargs={"pk": prog.pk})
    assert client.get(url).status_code == town_status(role, side, 200)
    status = client.post(reverse("funding:aid_programme_session", kwargs={"pk": prog.pk}), SESSION).status_code
    assert status == town_status(role, side, 302, WRITES)
    assert prog.sessions.filter(number=5).exists() == (status == 302)
    edit = reverse("funding:aid_session_edit", kwargs={"pk": target.pk})
    status = client.post(edit, {**SESSION, "number": "1", "students": "12"}).status_code
    assert status == town_status(role, side, 302, WRITES)
    target.refresh_from_db()
    assert (target.students == 12) == (status == 302)
    edit = reverse("funding:aid_programme_edit", kwargs={"pk": prog.pk})
    status = client.post(edit, {"name": "改名", "first_year": "2018"}).status_code
    assert status == town_status(role, side, 302, WRITES)


def donation_data(xs, committee, gift_donor, **extra) -> dict:
    return {"donor": gift_donor.pk, "committee": committee.pk, "date": f"{YEAR}-05-01", "amount": "6.00", **extra}


def test_a_secretary_records_donors_and_donations_in_their_town_only(xs, client_for):
    client = client_for(xs.dg_secretary)
    enterprise = CommitteeFactory(
        code="XS01E001", name="无锡恒达机械有限公司关工委", kind=Kind.ENTERPRISE, parent=xs.dg
    )
    other = CommitteeFactory(code="XS03E001", name="无锡鹅湖纺织有限公司关工委", kind=Kind.ENTERPRISE, parent=xs.eh)
    data = {"committee": xs.dg.pk, "name": "无锡恒达机械有限公司", "kind": "enterprise", "enterprise": enterprise.pk}
    assert client.post(reverse("funding:donor_create"), data).status_code == 302
    gift_donor = Donor.objects.get(enterprise=enterprise)
    assert gift_donor.history.get().history_user == xs.dg_secretary
    response = client.post(reverse("funding:donor_create"), {**data, "name": "别镇企业", "enterprise": other.pk})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()

    url = reverse("funding:donation_create", kwargs={"year": YEAR})
    assert client.post(url, donation_data(xs, xs.dg_v1, gift_donor)).status_code == 302
    response = client.post(url, donation_data(xs, xs.eh_v1, gift_donor))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert list(Donation.objects.values_list("committee__code", "amount")) == [("XS01V01", Decimal("6.00"))]
    (aid,) = selectors.study_aid(Committee.objects.filter(pk=xs.dg.pk), YEAR)
    assert aid.amount == Decimal("6.00")
    assert client_for(xs.viewer).post(url, donation_data(xs, xs.dg_v1, gift_donor)).status_code == 403
    assert client_for(xs.viewer).get(reverse("funding:donor_create")).status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "0"}, "大于或等于0.01"),
        ({"amount": "1.234"}, "小数不超过 2 位"),
        ({"date": f"{YEAR + 1}-01-05"}, "日期必须在该年度内"),
        ({"donor": ""}, "这个字段是必填项"),
        ("eh_programme", "该助学项目不在受赠单位所在的镇（街道）"),
    ],
)
def test_a_bad_donation_is_refused_in_chinese_and_writes_nothing(xs, client_for, data, message):
    gift_donor = donor(xs, xs.dg)
    if data == "eh_programme":
        data = {"programme": programme(xs, xs.eh_v1).pk}
    url = reverse("funding:donation_create", kwargs={"year": YEAR})
    response = client_for(xs.staff).post(url, {**donation_data(xs, xs.dg_v1, gift_donor), **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Donation.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "2010"}, "该期的年度不能早于项目的起始年度"),
        ({"date": f"{YEAR - 1}-09-10"}, "日期必须在该期的年度内"),
        ({"students": "-1"}, "大于或等于0"),
        ({"amount": ""}, "这个字段是必填项"),
    ],
)
def test_a_bad_session_is_refused_in_chinese_and_writes_nothing(xs, client_for, data, message):
    prog = programme(xs, xs.dg)
    url = reverse("funding:aid_programme_session", kwargs={"pk": prog.pk})
    response = client_for(xs.dg_secretary).post(url, {**SESSION, **data})
    assert response.status_code == 200 and message in response.content.decode()
    assert not AidSession.objects.exists()


def test_a_donor_of_another_kind_is_not_linked_to_an_enterprise(xs, client_for):
    enterprise = CommitteeFactory(
        code="XS01E001", name="无锡恒达机械有限公司关工委", kind=Kind.ENTERPRISE, parent=xs.dg
    )
    data = {"committee": xs.dg.pk, "name": "张先生", "kind": "individual", "enterprise": enterprise.pk}
    response = client_for(xs.staff).post(reverse("funding:donor_create"), data)
    assert response.status_code == 200 and "只有企业类捐赠方才能关联企业关工委" in response.content.decode()
    assert not Donor.objects.exists()


def test_a_session_keeps_its_history_and_its_donors(xs, client_for):
    prog = programme(xs, xs.dg)
    gift_donor = donor(xs, xs.dg)
    target = session(xs, prog)
    url = reverse("funding:aid_session_edit", kwargs={"pk": target.pk})
    data = {**SESSION, "number": "1", "students": "15", "donors": [gift_donor.pk]}
    assert client_for(xs.dg_secretary).post(url, data).status_code == 302
    target.refresh_from_db()
    assert list(target.donors.all()) == [gift_donor]
    assert [h.students for h in target.history.order_by("history_date")][:2] == [10, 15]
    assert target.history.latest().history_user == xs.dg_secretary


def test_no_personal_data_of_the_students_is_stored():
    """Students aided are counts: a session and a programme hold no text about a student."""
    text = (models.CharField, models.TextField, models.JSONField)
    session_fields = {f.name for f in AidSession._meta.get_fields() if isinstance(f, text)}
    assert session_fields == set()
    assert isinstance(AidSession._meta.get_field("students"), models.PositiveIntegerField)
    history = {f.name for f in AidSession.history.model._meta.get_fields() if isinstance(f, text)}
    assert history <= {"history_change_reason", "history_type"}


def test_cumulative_figures_stop_at_the_year(xs):
    prog = programme(xs, xs.dg, first_year=2020)
    for number, year in enumerate((2020, 2020, 2021, 2023), start=1):
        session(xs, prog, number=number, year=year, students=number * 10)
    found = selectors.cumulative(prog, 2021)
    assert (found.years, found.sessions, found.amount, found.awards, found.students) == (2, 3, Decimal("7.50"), 60, 60)
    assert selectors.cumulative(prog, 2023).years == 3


@pytest.mark.parametrize("count", [2, 12])
def test_the_lists_take_a_bounded_number_of_queries(xs, client_for, django_assert_max_num_queries, count):
    gift_donor = donor(xs, xs.dg)
    for n in range(count):
        prog = programme(xs, xs.dg_v1, name=f"助学金{n}")
        target = session(xs, prog)
        target.donors.set([gift_donor])
        services.donation_add(actor=xs.admin, donor=donor(xs, xs.dg, name=f"企业{n}"), committee=xs.dg_v1, year=YEAR,
                              date=datetime.date(YEAR, 3, 1), amount=Decimal("1.00"), programme=prog)  # fmt: skip
    for n in range(count):
        session(xs, prog, number=n + 2)
    client = client_for(xs.dg_secretary)
    urls = [
        reverse("funding:aid_programmes", kwargs={"year": YEAR}),
        reverse("funding:aid_programme", kwargs={"pk": prog.pk}),
        reverse("funding:donations", kwargs={"year": YEAR}),
        reverse("funding:donors"),
        reverse("funding:donation_create", kwargs={"year": YEAR}),
        reverse("funding:aid_programme_session", kwargs={"pk": prog.pk}),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
