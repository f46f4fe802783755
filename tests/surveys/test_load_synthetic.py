"""load_synthetic: a reproducible synthetic province — cities, districts, towns and
villages, five-olds, two approved rounds, the ledgers of their data years, the villages' 五有五好
creation passes — in bulk, and refused in a database that holds a district."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum

from committees.models import Committee, Kind, Layer, Person, Volunteer
from evaluations.models import Review, ReviewKind
from funding.models import FundEntry
from surveys.models import State, Submission, SubmissionRow
from surveys.synthetic_province import synthetic_province_create

SIZES = {"districts": 12, "towns_per_district": 2, "villages_per_town": 2, "five_olds_per_village": 3}


def _figures() -> dict:
    return {
        "committees": sorted(Committee.objects.values_list("code", "name", "kind", "parent__code")),
        "people": sorted(Person.objects.values_list("code", "name", "birth_year", "five_old_category")),
        "rows": sorted(
            (r.submission.town.code, r.submission.form, r.section, sorted(r.values.items()))
            for r in SubmissionRow.objects.select_related("submission__town")
        ),
    }


def test_it_builds_the_levels_sizes_and_records_asked(db):
    made = synthetic_province_create(**SIZES, seed=7)
    province = made.root
    assert province.kind == Kind.PROVINCE and province.parent is None
    assert Committee.objects.filter(kind=Kind.CITY).count() == 2  # ten districts a city
    districts = Committee.objects.filter(kind=Kind.DISTRICT)
    assert districts.count() == 12 and set(districts.values_list("parent__kind", flat=True)) == {Kind.CITY}
    assert Committee.objects.filter(kind__in=[Kind.TOWN, Kind.SUBDISTRICT]).count() == 24 == made.towns
    assert Committee.objects.filter(kind__in=[Kind.VILLAGE, Kind.COMMUNITY]).count() == 48 == made.villages
    assert made.committees == Committee.objects.count()
    # Five-olds: three a village, one in ten of a village's in the backbone (its first).
    assert Volunteer.objects.count() == Person.objects.count() == 144 == made.five_olds
    assert Volunteer.objects.filter(layer=Layer.BACKBONE).count() == 48
    # Two approved rounds asking every town of the province.
    assert made.years == [2022, 2023]
    for year in made.years:
        submissions = Submission.objects.filter(survey_round__year=year)
        assert submissions.count() == 24 * 5 and set(submissions.values_list("state", flat=True)) == {State.APPROVED}
    # The ledger of each data year equals the approved forms 2: funds in place and raised.
    assert made.ledger_years == [2021, 2022]
    for year in made.years:
        reported = sum(
            Decimal(r.values["in_place"]) + Decimal(r.values.get("raised") or 0)
            for r in SubmissionRow.objects.filter(
                submission__survey_round__year=year, submission__form=2, section="main"
            )
        )
        assert FundEntry.objects.filter(year=year - 1).aggregate(t=Sum("amount"))["t"] == reported
    assert Review.objects.filter(kind=ReviewKind.CREATION).count() == 48 == made.reviews
    assert set(made.seconds) == {"tree", "five-olds", "rounds", "funding", "evaluations"}


class _Undo(Exception):
    pass


def _built(seed: int) -> dict:
    """The figures of the province made with `seed`, then undone (the test's database stays empty)."""
    try:
        with transaction.atomic():
            synthetic_province_create(**SIZES, seed=seed)
            figures = _figures()
            raise _Undo
    except _Undo:
        pass
    assert not Committee.objects.exists()
    return figures


def test_the_same_seed_gives_the_same_province_and_another_seed_another(db):
    first = _built(7)
    assert _built(7) == first
    other = _built(8)
    assert other["committees"] == first["committees"]
    assert other["people"] != first["people"] and other["rows"] != first["rows"]


def test_the_command_says_what_it_made_and_refuses_a_second(db):
    out = io.StringIO()
    call_command(
        "load_synthetic",
        districts=1,
        towns_per_district=2,
        villages_per_town=2,
        five_olds_per_village=2,
        code="PV",
        stdout=out,
    )
    said = out.getvalue()
    assert "Synthetic province PV: 1 districts, 2 towns, 4 villages" in said and "8 five-olds" in said
    assert "approved rounds 2022, 2023" in said
    assert Committee.objects.filter(code="PVC01D01002V002").exists()
    with pytest.raises(CommandError, match="already holds the district PV"):
        call_command("load_synthetic", districts=1, towns_per_district=1, villages_per_town=1, code="PX", stdout=out)
    assert not Committee.objects.filter(code__startswith="PX").exists()
