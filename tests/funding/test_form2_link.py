"""Form 2 and the ledger: a new round's form 2 is the ledger's
year (each column's mapping, for two committees built by hand), a committee without ledger rows
keeps last round's values, a changed cell is marked, a closed year is final; accepting a form's
values writes entries with history, for district staff only."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from committees.models import Committee
from funding import services
from funding.models import Budget, FundEntry, FundSource, SpecialFund, SubsidyKind, SubsidyPayment, YearClose
from surveys import services as survey_services
from surveys.grid import build_grid
from surveys.models import SubmissionRow
from surveys.selectors import submission_form
from surveys.validation import changed_cells
from tests.factories import PersonFactory
from tests.surveys.conftest import open_round, submission
from tests.surveys.forms import rows

ROUND, YEAR = 2023, 2022  # the 2023 round's money is of 2022


def add(xs, committee: Committee, amount: str, source: str, date=datetime.date(YEAR, 3, 1), year=YEAR):
    return services.entry_add(
        actor=xs.admin, committee=committee, year=year, date=date, amount=Decimal(amount), source=source
    )


def special(xs, committee: Committee, amount: str, approved_on=datetime.date(YEAR, 7, 1)):
    return services.special_fund_add(
        actor=xs.admin, committee=committee, purpose="辅导站建设", amount=Decimal(amount), approved_on=approved_on
    )


def budget(xs, committee: Committee, amount: str, in_fiscal: bool, year=YEAR):
    return services.budget_set(
        actor=xs.admin, committee=committee, year=year, amount=Decimal(amount), in_fiscal_budget=in_fiscal
    )


def build_ledger(xs) -> None:
    """Two committees' 2022, by hand, with rows of other years and a reversed entry around them."""
    budget(xs, xs.dg_v1, "4.00", True)
    budget(xs, xs.dg_v1, "9.00", False, year=YEAR - 1)
    add(xs, xs.dg_v1, "2.00", FundSource.FISCAL)
    add(xs, xs.dg_v1, "1.00", FundSource.TOWN_MATCHING, date=datetime.date(YEAR, 9, 1))
    add(xs, xs.dg_v1, "0.50", FundSource.REWARD)
    add(xs, xs.dg_v1, "0.25", FundSource.OTHER, date=datetime.date(YEAR + 1, 1, 10))  # paid late, for 2022
    wrong = add(xs, xs.dg_v1, "7.00", FundSource.FISCAL)
    services.entry_reverse(actor=xs.admin, entry=wrong, reason="重复录入")
    add(xs, xs.dg_v1, "1.20", FundSource.SOCIAL)
    add(xs, xs.dg_v1, "5.00", FundSource.FISCAL, date=datetime.date(YEAR - 1, 5, 1), year=YEAR - 1)
    special(xs, xs.dg_v1, "2.50")
    special(xs, xs.dg_v1, "8.00", approved_on=datetime.date(YEAR - 1, 12, 31))

    budget(xs, xs.dg_v2, "3.00", False)
    add(xs, xs.dg_v2, "3.10", FundSource.TOWN_MATCHING)
    add(xs, xs.dg_v2, "0.40", FundSource.SOCIAL)
    add(xs, xs.dg_v2, "0.60", FundSource.SOCIAL)


def form2_rows(survey_round) -> dict[str, SubmissionRow]:
    found = submission(survey_round, survey_round_town(survey_round), 2).rows.filter(section="main")
    return {r.values["committee_code"]: r for r in found}


def survey_round_town(survey_round):
    return Committee.objects.get(code="XS01")


MONEY_KEYS = ("budget", "in_fiscal_budget", "in_place", "raised", "special_funds")


def test_each_column_of_form_2_is_the_ledgers_year(xs):
    build_ledger(xs)
    found = form2_rows(open_round(xs, ROUND))
    expected = {
        # 预算安排, 是否纳入财政预算; 实际到位 = 财政拨款 2 + 镇级配套 1 + 以奖代补 0.5 + 其他 0.25
        # (the 7.00 and its reversal cancel; 2021's 5.00 is not counted); 社会筹措 1.2;
        # 专项经费 = 2022's approval only.
        "XS01V01": {"budget": "4.00", "in_fiscal_budget": True, "in_place": "3.75", "raised": "1.20",
                    "special_funds": "2.50"},
        "XS01V02": {"budget": "3.00", "in_fiscal_budget": False, "in_place": "3.10", "raised": "1.00",
                    "special_funds": "0.00"},
    }  # fmt: skip
    for code, values in expected.items():
        row = found[code]
        assert {k: row.values[k] for k in MONEY_KEYS} == values
        assert {k: row.prefill[k] for k in MONEY_KEYS} == values  # kept, so a change is marked
        assert row.values["year"] == YEAR
    # The town has no ledger row for 2022: nothing is made up (no last round either).
    assert not set(MONEY_KEYS) & set(found["XS01"].values)


def test_a_committee_without_ledger_rows_keeps_last_rounds_values(xs):
    last = open_round(xs, ROUND - 1, deadline=datetime.date(ROUND - 1, 10, 8))
    sub = submission(last, xs.dg, 2)
    survey_services.submission_save(actor=xs.staff, submission=sub, rows=rows(2))
    survey_services.submission_submit(actor=xs.staff, submission=sub)
    survey_services.submission_approve(actor=xs.staff, submission=sub)
    add(xs, xs.dg_v1, "6.00", FundSource.FISCAL)

    found = form2_rows(open_round(xs, ROUND))
    assert found["XS01V01"].values["in_place"] == "6.00" and found["XS01V01"].prefill["in_place"] == "6.00"
    # No budget in the ledger: 预算安排 stays last round's, as before.
    assert found["XS01V01"].values["budget"] == "4.00" and "budget" not in found["XS01V01"].prefill
    assert (found["XS01V02"].values["in_place"], found["XS01V02"].values["budget"]) == ("4.50", "4.00")
    assert "in_place" not in found["XS01V02"].prefill


def test_a_cell_changed_from_the_ledger_is_marked_with_the_ledgers_value(xs):
    build_ledger(xs)
    sub = submission(open_round(xs, ROUND), xs.dg, 2)
    sections = rows(2)
    sections["main"][1].update(
        budget="4.00", in_fiscal_budget="是", in_place="4.75", raised="1.20", special_funds="2.50"
    )
    survey_services.submission_save(actor=xs.dg_secretary, submission=sub, rows=sections)
    row = sub.rows.get(section="main", values__committee_code="XS01V01")
    assert changed_cells(submission_form(sub).main, row.values, row.prefill) == {"in_place"}
    grid_row = next(r for r in build_grid(sub, editable=True).sections[0].rows if r.code == "XS01V01")
    cells = {c.key: c for c in grid_row.cells}
    assert cells["in_place"].changed and "changed" in cells["in_place"].css
    assert "3.75" in cells["in_place"].title and cells["in_place"].from_ledger
    assert not cells["budget"].changed and not grid_row.final


def test_a_closed_year_prefills_as_final_and_the_grid_says_so(xs):
    build_ledger(xs)
    services.year_close(actor=xs.staff, committees=Committee.objects.filter(pk=xs.dg_v1.pk), year=YEAR)
    sub = submission(open_round(xs, ROUND), xs.dg, 2)
    assert form2_rows(sub.survey_round)["XS01V01"].values["in_place"] == "3.75"
    grid_rows = {r.code: r for r in build_grid(sub, editable=True).sections[0].rows}
    assert grid_rows["XS01V01"].final and not grid_rows["XS01V02"].final
    cells = {c.key: c for c in grid_rows["XS01V01"].cells}
    assert cells["in_place"].final and "final" in cells["in_place"].css and not cells["subsidy_people"].final


def submitted_form2(xs, **changes):
    sub = submission(open_round(xs, ROUND), xs.dg, 2)
    sections = rows(2)
    sections["main"][1].update(changes)
    survey_services.submission_save(actor=xs.dg_secretary, submission=sub, rows=sections)
    survey_services.submission_submit(actor=xs.dg_secretary, submission=sub)
    return sub


def test_accepting_writes_the_differences_with_history(xs, client_for):
    build_ledger(xs)
    sub = submitted_form2(xs, budget="5", in_fiscal_budget="是", in_place="4.75", raised="1.5", special_funds="3")
    client = client_for(xs.staff)
    url = reverse("surveys:submission_ledger", args=[sub.pk])
    page = client.get(url)
    assert page.status_code == 200 and "东港村关工委" in page.content.decode()
    response = client.post(url, {"committee": "XS01V01"}, follow=True)
    assert response.status_code == 200

    written = FundEntry.objects.filter(committee=xs.dg_v1, year=YEAR, note__contains="2023")
    assert sorted((e.source, e.amount, e.date) for e in written) == [
        (FundSource.OTHER, Decimal("1.00"), datetime.date(YEAR, 12, 31)),
        (FundSource.SOCIAL, Decimal("0.30"), datetime.date(YEAR, 12, 31)),
    ]
    for entry in written:
        record = entry.history.get()
        assert record.history_user == xs.staff and "东港镇" in record.history_change_reason
    fund = SpecialFund.objects.get(committee=xs.dg_v1, amount=Decimal("0.50"))
    assert fund.approved_on == datetime.date(YEAR, 12, 31) and fund.history.get().history_user == xs.staff
    b = Budget.objects.get(committee=xs.dg_v1, year=YEAR)
    assert b.amount == Decimal("5.00") and b.history.count() == 2
    assert b.history.first().history_user == xs.staff and "2023" in b.history.first().history_change_reason
    # The ledger now gives the form's figures: accepting again writes nothing.
    before = FundEntry.objects.count()
    client.post(url, {"committee": "XS01V01"})
    assert FundEntry.objects.count() == before and Budget.objects.get(pk=b.pk).history.count() == 2


def test_a_figure_below_the_ledgers_is_not_written_and_said_so(xs, client_for):
    build_ledger(xs)
    sub = submitted_form2(xs, budget="4", in_fiscal_budget="是", in_place="3", raised="1.2", special_funds="2.5")
    response = client_for(xs.staff).post(
        reverse("surveys:submission_ledger", args=[sub.pk]), {"committee": "XS01V01"}, follow=True
    )
    assert FundEntry.objects.filter(note__contains="2023").count() == 0
    assert "实际到位" in " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize("role", ["dg_secretary", "dg_viewer", "viewer"])
def test_a_town_secretary_or_a_viewer_cannot_accept(xs, client_for, role):
    build_ledger(xs)
    sub = submitted_form2(xs, in_place="9")
    client = client_for(getattr(xs, role))
    url = reverse("surveys:submission_ledger", args=[sub.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"committee": "XS01V01"}).status_code == 403
    assert not FundEntry.objects.filter(note__contains="2023").exists()
    page = client.get(reverse("surveys:submission_detail", args=[sub.pk])).content.decode()
    assert url not in page


def test_the_review_page_of_form_2_offers_accepting_to_staff_only_once_submitted(xs, client_for):
    sub = submission(open_round(xs, ROUND), xs.dg, 2)
    url = reverse("surveys:submission_ledger", args=[sub.pk])
    detail = reverse("surveys:submission_detail", args=[sub.pk])
    staff = client_for(xs.staff)
    assert url not in staff.get(detail).content.decode()  # a draft
    assert staff.get(url).status_code == 302
    survey_services.submission_save(actor=xs.dg_secretary, submission=sub, rows=rows(2))
    survey_services.submission_submit(actor=xs.dg_secretary, submission=sub)
    assert url in staff.get(detail).content.decode()
    form1 = submission(sub.survey_round, xs.dg, 1)
    assert (
        reverse("surveys:submission_ledger", args=[form1.pk])
        not in staff.get(reverse("surveys:submission_detail", args=[form1.pk])).content.decode()
    )


def test_a_closed_year_takes_no_form_values(xs, client_for):
    build_ledger(xs)
    sub = submitted_form2(xs, in_place="9")
    services.year_close(actor=xs.staff, committees=Committee.objects.filter(pk=xs.dg_v1.pk), year=YEAR)
    response = client_for(xs.staff).post(
        reverse("surveys:submission_ledger", args=[sub.pk]), {"committee": "XS01V01"}, follow=True
    )
    assert response.status_code == 200
    assert not FundEntry.objects.filter(note__contains="2023").exists()
    assert YearClose.objects.filter(committee=xs.dg_v1, year=YEAR).count() == 1


def pay(person, committee, year: int, amount: str, confirmed: bool) -> SubsidyPayment:
    return SubsidyPayment.objects.create(
        person=person,
        committee=committee,
        year=year,
        kind=SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY,
        months=12,
        computed=Decimal(amount),
        amount=Decimal(amount),
        confirmed_at=timezone.now() if confirmed else None,
    )


def test_the_subsidy_columns_are_the_years_confirmed_payments(xs):
    """五老补贴人数 / 金额 = people with a confirmed payment in the data year / their sum; an
    unconfirmed payment and another year's do not count; a committee with none keeps its own."""
    first, second, third = PersonFactory(), PersonFactory(), PersonFactory()
    pay(first, xs.dg, YEAR, "0.60", confirmed=True)
    pay(second, xs.dg, YEAR, "0.45", confirmed=True)
    pay(third, xs.dg, YEAR, "0.60", confirmed=False)  # not yet confirmed
    pay(third, xs.dg, YEAR - 1, "0.60", confirmed=True)  # another year
    found = form2_rows(open_round(xs, ROUND))

    town = found["XS01"]
    assert (town.values["subsidy_people"], town.values["subsidy_amount"]) == (2, "1.05")
    assert (town.prefill["subsidy_people"], town.prefill["subsidy_amount"]) == (2, "1.05")  # a change is marked
    assert "subsidy_people" not in found["XS01V01"].prefill  # no confirmed payment: nothing made up
