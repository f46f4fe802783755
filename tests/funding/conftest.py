"""The funding tests' shared records: a year's computed subsidy payments, one in each town."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from committees.models import Committee, Position
from funding import subsidies
from funding.models import FundingLevel, SubsidyKind, SubsidyPayment, SubsidyStandard
from tests.factories import PersonFactory, PostFactory

YEAR = 2022
PHONE = "13912345678"
ID_NUMBER = "320205195501011234"


@pytest.fixture
def paid(xs):
    """A resident executive deputy in each town, computed for the year (not yet confirmed)."""
    for kind in (SubsidyKind.RESIDENT_EXECUTIVE_DEPUTY, SubsidyKind.RESIDENT_DEPUTY):
        SubsidyStandard.objects.create(kind=kind, level=FundingLevel.TOWN, amount=Decimal("0.05"), first_year=2019)
    people = {}
    for side, town in (("dg", xs.dg), ("eh", xs.eh)):
        person = PersonFactory(name=f"{side}驻会", phone=PHONE, id_number=ID_NUMBER)
        PostFactory(committee=town, person=person, position=Position.EXECUTIVE_DEPUTY, resident=True,
                    started_on=datetime.date(2020, 1, 1))  # fmt: skip
        people[side] = person
    subsidies.payments_compute(actor=xs.admin, committees=Committee.objects.all(), year=YEAR)
    return {side: SubsidyPayment.objects.get(person=p) for side, p in people.items()}
