"""Five-old subsidies: payments computed from the posts in force and the standard in force for the
year (done-when 3: a later standard leaves earlier years unchanged), proration by the months held,
confirmed payments untouched by a recompute, an amount changed by hand kept, the history kept, and
form 2's 五老补贴人数 / 金额 from the confirmed payments."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from committees.models import Committee, Layer, Position
from funding import selectors, subsidies
from funding.models import FundingLevel, SubsidyBasis, SubsidyKind, SubsidyPayment, SubsidyStandard
from funding.subsidies import months_held
from tests.factories import BackboneRoleFactory, PostFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def standard(kind, level, amount, basis=SubsidyBasis.PER_MONTH, first=2019, last=None) -> SubsidyStandard:
    s = SubsidyStandard(kind=kind, level=level, amount=Decimal(amount), basis=basis, first_year=first, last_year=last)
    s.full_clean()
    s.save()
    return s


@pytest.fixture
def standards(db):
    return {
        "town_exec": standard(SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, FundingLevel.TOWN, "0.05"),
        "town_deputy": standard(SubsidyKind.RESIDENT_DEPUTY, FundingLevel.TOWN, "0.04"),
        "village_exec": standard(
            SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, FundingLevel.VILLAGE, "0.30", basis=SubsidyBasis.PER_YEAR
        ),
        "village_backbone": standard(SubsidyKind.BACKBONE, FundingLevel.VILLAGE, "0.01"),
    }


def compute(xs, year, root=None):
    committees = Committee.objects.filter(path__startswith=(root or xs.district).path)
    return subsidies.payments_compute(actor=xs.admin, committees=committees, year=year)


def owed(person, year) -> Decimal:
    return SubsidyPayment.objects.get(person=person, year=year).amount


def test_months_held_count_a_month_held_on_any_day():
    assert months_held(D(2022, 3, 15), None, 2022) == set(range(3, 13))
    assert months_held(None, D(2022, 6, 10), 2022) == set(range(1, 7))
    assert months_held(D(2021, 5, 1), D(2023, 1, 1), 2022) == set(range(1, 13))
    assert months_held(D(2023, 1, 1), None, 2022) == set()
    assert months_held(D(2020, 1, 1), D(2021, 12, 31), 2022) == set()


def test_payments_follow_the_resident_posts_in_force_and_the_standard(xs, standards):
    full = PostFactory(committee=xs.dg, position=Position.EXECUTIVE_DEPUTY, resident=True, started_on=D(2018, 1, 1))
    march = PostFactory(committee=xs.dg, position=Position.DEPUTY, resident=True, started_on=D(2022, 3, 15))
    village = PostFactory(
        committee=xs.dg_v1, position=Position.EXECUTIVE_DEPUTY, resident=True, started_on=D(2020, 1, 1),
        ended_on=D(2022, 6, 10),
    )  # fmt: skip
    not_resident = PostFactory(committee=xs.dg, position=Position.DEPUTY, started_on=D(2018, 1, 1))
    later = PostFactory(committee=xs.eh, position=Position.DEPUTY, resident=True, started_on=D(2023, 2, 1))
    school = PostFactory(committee=xs.dg_school, position=Position.DEPUTY, resident=True)  # no standard for schools
    volunteer = VolunteerFactory(committee=xs.dg_v1, layer=Layer.BACKBONE, joined_on=D(2022, 10, 20))
    volunteer.backbone_roles.add(BackboneRoleFactory(name="宣讲员"))
    VolunteerFactory(committee=xs.dg_v1, layer=Layer.BACKBONE)  # no backbone role: not paid

    result = compute(xs, 2022)

    assert result.created == 4
    assert owed(full.person, 2022) == Decimal("0.60")  # 12 × 0.05
    assert owed(march.person, 2022) == Decimal("0.40")  # March–December: 10 × 0.04
    assert owed(village.person, 2022) == Decimal("0.15")  # January–June of 0.30 a year
    assert owed(volunteer.person, 2022) == Decimal("0.03")  # October–December × 0.01
    assert SubsidyPayment.objects.get(person=march.person).months == 10
    paid = set(SubsidyPayment.objects.values_list("person_id", flat=True))
    assert not paid & {not_resident.person_id, later.person_id, school.person_id}


def test_a_later_standard_leaves_earlier_years_unchanged(xs, standards):
    post = PostFactory(committee=xs.dg, position=Position.EXECUTIVE_DEPUTY, resident=True, started_on=D(2018, 1, 1))
    compute(xs, 2022)
    old = standards["town_exec"]
    old.last_year = 2023
    old.full_clean()
    old.save()
    standard(SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, FundingLevel.TOWN, "0.08", first=2024)

    compute(xs, 2022)
    compute(xs, 2023)
    compute(xs, 2024)

    assert [owed(post.person, y) for y in (2022, 2023, 2024)] == [Decimal("0.60"), Decimal("0.60"), Decimal("0.96")]


def test_an_overlapping_standard_is_refused(xs, standards):
    overlapping = SubsidyStandard(
        kind=SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, level=FundingLevel.TOWN, amount=Decimal("0.1"), first_year=2024
    )
    with pytest.raises(Exception, match="first_year"):
        overlapping.full_clean()


def test_a_recompute_never_touches_a_confirmed_payment_and_keeps_a_changed_amount(xs, standards):
    confirmed = PostFactory(committee=xs.dg, position=Position.EXECUTIVE_DEPUTY, resident=True)
    edited = PostFactory(committee=xs.dg, position=Position.DEPUTY, resident=True)
    dropped = PostFactory(committee=xs.eh, position=Position.DEPUTY, resident=True)
    compute(xs, 2022)
    payment = SubsidyPayment.objects.get(person=confirmed.person)
    subsidies.payment_confirm(actor=xs.staff, payment=payment)
    subsidies.payment_set_amount(
        actor=xs.staff, payment=SubsidyPayment.objects.get(person=edited.person), amount=Decimal("0.30")
    )
    standards["town_exec"].amount = Decimal("0.10")
    standards["town_exec"].save()
    standards["town_deputy"].amount = Decimal("0.02")
    standards["town_deputy"].save()
    dropped.resident = False
    dropped.save()

    result = compute(xs, 2022)

    payment.refresh_from_db()
    assert (payment.amount, payment.computed, payment.confirmed_by) == (Decimal("0.60"), Decimal("0.60"), xs.staff)
    changed = SubsidyPayment.objects.get(person=edited.person)
    assert (changed.amount, changed.computed) == (Decimal("0.30"), Decimal("0.24"))
    assert not SubsidyPayment.objects.filter(person=dropped.person).exists()
    assert (result.confirmed, result.updated, result.removed) == (1, 1, 1)
    with pytest.raises(Exception, match="已确认|confirmed"):
        subsidies.payment_set_amount(actor=xs.staff, payment=payment, amount=Decimal("1"))
    assert [h.amount for h in changed.history.order_by("history_id")] == [
        Decimal("0.48"), Decimal("0.30"), Decimal("0.30"),
    ]  # fmt: skip


def test_a_compute_of_a_town_leaves_other_towns_alone(xs, standards):
    dg = PostFactory(committee=xs.dg, position=Position.EXECUTIVE_DEPUTY, resident=True)
    eh = PostFactory(committee=xs.eh, position=Position.EXECUTIVE_DEPUTY, resident=True)
    compute(xs, 2022, root=xs.dg)
    assert set(SubsidyPayment.objects.values_list("person_id", flat=True)) == {dg.person_id}
    assert eh.person_id not in SubsidyPayment.objects.values_list("person_id", flat=True)


def test_form_2_columns_count_only_confirmed_payments(xs, standards):
    posts = [
        PostFactory(committee=xs.dg, position=Position.EXECUTIVE_DEPUTY, resident=True),
        PostFactory(committee=xs.dg, position=Position.DEPUTY, resident=True),
        PostFactory(committee=xs.dg, position=Position.DEPUTY, resident=True),
    ]
    compute(xs, 2022)
    for post in posts[:2]:
        subsidies.payment_confirm(actor=xs.staff, payment=SubsidyPayment.objects.get(person=post.person))

    totals = selectors.subsidy_totals(Committee.objects.all(), 2022)

    assert totals == {xs.dg.pk: selectors.SubsidyTotals(2, Decimal("1.08"))}
    assert selectors.subsidy_totals(Committee.objects.all(), 2021) == {}
