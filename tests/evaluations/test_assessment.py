"""The annual town assessment (年度工作考核) on the demo: the ranking, each computed item against
figures worked out by hand for two towns, the rewards confirmed into the funding ledger."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from committees.models import Committee
from evaluations.models import AssessmentScheme
from evaluations.selectors import items_of, ranking

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return AssessmentScheme.objects.get(committee__code="XS", year=2023)


def test_print(demo):
    rows = ranking(demo, Committee.objects.filter(parent__code="XS", kind__in=("town", "subdistrict")), items_of(demo))
    for r in rows:
        print(
            r.committee.code,
            r.committee.name,
            r.rank,
            r.total,
            r.amount,
            [(s.points, s.evidence) for s in r.cells(items_of(demo)) if s],
        )
    assert 0
