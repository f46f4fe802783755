"""Form 5 and the programmes: a new round's 捐资助学金额 and 受助学生人数 are the town's donations
and programme sessions of the data year (students are counts); a town with none keeps what it had."""

from __future__ import annotations

import datetime
from decimal import Decimal

from funding.models import AidProgramme, AidSession, Donation, Donor, DonorKind
from tests.surveys.conftest import open_round, submission

ROUND, YEAR = 2023, 2022  # the 2023 round's study aid is of 2022


def give(xs, committee, amount: str, year: int = YEAR) -> Donation:
    donor, _ = Donor.objects.get_or_create(committee=committee, name="港下爱心企业", kind=DonorKind.ENTERPRISE)
    return Donation.objects.create(
        donor=donor, committee=committee, year=year, date=datetime.date(year, 6, 1), amount=Decimal(amount)
    )


def test_form_5_takes_the_towns_study_aid_of_the_data_year(xs):
    programme = AidProgramme.objects.create(committee=xs.dg, name="希望之星", first_year=2005)
    AidSession.objects.create(programme=programme, year=YEAR, number=17, amount=Decimal("12.00"), students=40)
    AidSession.objects.create(programme=programme, year=YEAR - 1, number=16, amount=Decimal("9.00"), students=30)
    give(xs, xs.dg, "10.50")
    give(xs, xs.dg_v1, "2.25")  # a village's donation counts for its town
    give(xs, xs.dg, "99.00", year=YEAR - 1)  # another year's does not
    survey_round = open_round(xs, ROUND)

    row = submission(survey_round, xs.dg, 5).rows.get(section="main")
    assert (row.values["study_aid"], row.values["study_aid_students"]) == ("12.75", 40)
    assert (row.prefill["study_aid"], row.prefill["study_aid_students"]) == ("12.75", 40)  # a change is marked
    other = submission(survey_round, xs.eh, 5).rows.get(section="main")
    assert "study_aid" not in other.prefill  # nothing in the programmes: not made up
