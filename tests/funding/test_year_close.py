"""Closing a ledger year: district staff close one committee's year or all of theirs; a closed
year takes only reversing entries with a reason (in the service and through the forms); its
mid-year ratio shows on the overview; a town secretary cannot close."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Committee
from funding import services
from funding.models import FundEntry, FundSource, SpecialFund, YearClose

YEAR = 2022


def add(xs, committee, amount="1.50", date=datetime.date(YEAR, 3, 1)) -> FundEntry:
    return services.entry_add(actor=xs.admin, committee=committee, year=YEAR, date=date, amount=Decimal(amount),
                              source=FundSource.FISCAL)  # fmt: skip


def close_url(committee) -> str:
    return reverse("funding:year_close", kwargs={"year": YEAR, "committee_pk": committee.pk})


def test_staff_close_a_committees_year_with_who_and_when(xs, client_for):
    response = client_for(xs.staff).post(close_url(xs.dg_v1))
    assert response.status_code == 302
    closed = YearClose.objects.get(committee=xs.dg_v1, year=YEAR)
    assert closed.closed_by == xs.staff and closed.closed_at is not None
    assert closed.history.get().history_user == xs.staff
    assert not YearClose.objects.filter(committee=xs.dg_v2).exists()
    assert client_for(xs.staff).post(close_url(xs.dg_v1)).status_code == 302  # again: nothing more
    assert YearClose.objects.filter(committee=xs.dg_v1).count() == 1


@pytest.mark.parametrize("role", ["dg_secretary", "dg_viewer", "viewer"])
def test_a_town_secretary_or_a_viewer_cannot_close(xs, client_for, role):
    client = client_for(getattr(xs, role))
    assert client.post(close_url(xs.dg_v1)).status_code == 403
    assert client.post(reverse("funding:year_close_all", kwargs={"year": YEAR})).status_code == 403
    assert not YearClose.objects.exists()
    page = client.get(reverse("funding:committee", kwargs={"year": YEAR, "committee_pk": xs.dg_v1.pk}))
    assert close_url(xs.dg_v1) not in page.content.decode()


def test_closing_all_closes_every_committee_with_a_standard_in_scope(xs, client_for):
    client = client_for(xs.staff)
    assert (
        close_url(xs.dg_v1)
        in client.get(reverse("funding:committee", kwargs={"year": YEAR, "committee_pk": xs.dg_v1.pk})).content.decode()
    )
    assert client.post(reverse("funding:year_close_all", kwargs={"year": YEAR})).status_code == 302
    codes = set(YearClose.objects.filter(year=YEAR).values_list("committee__code", flat=True))
    assert {"XS01", "XS01V01", "XS01V02", "XS03", "XS03V01"} <= codes
    assert not YearClose.objects.exclude(year=YEAR).exists()


def test_a_closed_year_takes_only_reversing_entries_with_a_reason(xs, client_for):
    entry = add(xs, xs.dg_v1)
    services.year_close(actor=xs.staff, committees=Committee.objects.filter(pk=xs.dg_v1.pk), year=YEAR)
    with pytest.raises(ValidationError):
        add(xs, xs.dg_v1)
    with pytest.raises(ValidationError):
        services.budget_set(actor=xs.admin, committee=xs.dg_v1, year=YEAR, amount=Decimal("3"), in_fiscal_budget=True)
    with pytest.raises(ValidationError):
        services.special_fund_add(actor=xs.admin, committee=xs.dg_v1, purpose="补充", amount=Decimal("1"),
                                  approved_on=datetime.date(YEAR, 5, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.entry_reverse(actor=xs.staff, entry=entry, reason="  ")
    reversal = services.entry_reverse(actor=xs.staff, entry=entry, reason="凭证有误")
    assert reversal.amount == Decimal("-1.50")
    add(xs, xs.dg_v2)  # another committee's year stays open
    services.special_fund_add(actor=xs.admin, committee=xs.dg_v1, purpose="下一年", amount=Decimal("1"),
                              approved_on=datetime.date(YEAR + 1, 2, 1))  # fmt: skip

    # Through the forms: the entry form refuses with the reason, in Chinese; the page offers no new entry.
    client = client_for(xs.staff)
    url = reverse("funding:entry_create", kwargs={"year": YEAR, "committee_pk": xs.dg_v1.pk})
    response = client.post(url, {"date": f"{YEAR}-04-01", "amount": "1.25", "source": "fiscal"})
    assert response.status_code == 200 and "已结账" in response.content.decode()
    assert FundEntry.objects.filter(committee=xs.dg_v1).count() == 2
    assert not SpecialFund.objects.filter(committee=xs.dg_v1, approved_on__year=YEAR).exists()
    page = client.get(reverse("funding:committee", kwargs={"year": YEAR, "committee_pk": xs.dg_v1.pk}))
    assert url not in page.content.decode() and "已结账" in page.content.decode()


def test_the_overview_shows_a_closed_years_mid_year_ratio(xs, client_for):
    add(xs, xs.dg_v1, "1.50")
    add(xs, xs.dg_v1, "1.50", date=datetime.date(YEAR, 9, 1))
    add(xs, xs.dg_v2, "3.00")
    client = client_for(xs.staff)
    url = reverse("funding:overview", kwargs={"year": YEAR})
    assert client.get(url).context["closed_towns"] == []
    services.year_close(actor=xs.staff, committees=Committee.objects.filter(pk=xs.dg_v1.pk), year=YEAR)
    response = client.get(url)
    (town,) = response.context["closed_towns"]
    assert town.town == xs.dg and town.counted == 1
    # The village's standard is 3–5: 1.50 in place by 30 June is half its lower bound.
    assert (town.in_place_by, town.in_place, town.ratio_by) == (Decimal("1.50"), Decimal("3.00"), Decimal("0.500"))
    assert "50%" in response.content.decode() or "50.0%" in response.content.decode()
