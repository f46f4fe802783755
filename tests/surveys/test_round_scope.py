"""A survey round's scope: the district, city or province whose towns it asks, unique per (year,
scope); one year's rounds never ask the same town; each reader reads the rounds of their scope or
above it, and a province's reader picks one district's round by ?scope=<code>."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Committee, Role
from surveys import services
from surveys.models import Submission
from surveys.report.runs import report_run_start
from surveys.selectors import round_for_reader, round_for_year
from tests.surveys.conftest import province_user as _user

DEADLINE = datetime.date(2023, 10, 10)


def _open(actor, code: str, year: int = 2023):
    return services.round_open(actor=actor, year=year, deadline=DEADLINE, scope=Committee.objects.get(code=code))


def _towns(survey_round) -> set[str]:
    return set(Submission.objects.filter(survey_round=survey_round).values_list("town__code", flat=True))


@pytest.fixture
def rounds(province):
    """The 2023 rounds of the province's two districts, each opened by its own admin."""
    return {code: _open(_user(code, Role.DISTRICT_ADMIN), code) for code in ("JS1D", "JS2D")}


def test_a_districts_round_asks_its_own_towns_only(rounds):
    assert {code: _towns(r) for code, r in rounds.items()} == {
        "JS1D": {"JS1D1", "JS1D2"},
        "JS2D": {"JS2D1", "JS2D2"},
    }


def test_a_round_above_or_the_same_scope_in_the_year_is_refused_in_chinese(rounds):
    admin = _user("JS", Role.DISTRICT_ADMIN)
    with pytest.raises(ValidationError) as exc:
        _open(admin, "JS")  # the province's round would ask the districts' towns again
    assert "已覆盖这些镇（街道）" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError):
        _open(admin, "JS1D")
    assert _towns(_open(admin, "JS", year=2024)) == {"JS1D1", "JS1D2", "JS2D1", "JS2D2"}  # another year


def test_a_round_asks_a_district_city_or_province_not_a_town(province):
    with pytest.raises(ValidationError):
        _open(_user("JS", Role.DISTRICT_ADMIN), "JS1D1")


def test_each_reader_reads_the_round_of_their_scope(rounds):
    secretary = _user("JS2D1", Role.TOWN_SECRETARY)
    assert round_for_reader(secretary, 2023) == rounds["JS2D"]
    assert round_for_reader(_user("JS1", Role.DISTRICT_STAFF), 2023) == rounds["JS1D"]
    admin = _user("JS", Role.DISTRICT_ADMIN)
    assert round_for_reader(admin, 2023, "JS2D") == rounds["JS2D"]
    assert round_for_reader(secretary, 2023, "JS1D") is None  # not a round of the secretary's
    assert round_for_year(2023, within=Committee.objects.get(code="JS1D2")) == rounds["JS1D"]


def test_a_provinces_admin_lists_both_rounds_and_opens_each_by_its_scope(rounds, client_for):
    client = client_for(_user("JS", Role.DISTRICT_ADMIN))
    page = client.get(reverse("surveys:round_list")).content.decode()
    assert "无锡某区关工委" in page and "苏州某区关工委" in page and "?scope=JS2D" in page
    url = reverse("surveys:completeness", kwargs={"year": 2023})
    page = client.get(url, {"scope": "JS2D"}).content.decode()
    assert "苏州1镇关工委" in page and "无锡1镇关工委" not in page
    assert "调查范围" in page and "?scope=JS1D" in page  # the picker leads to the other district's round
    assert '<input type="hidden" name="scope" value="JS2D">' in page  # the filters keep the round
    reports = client.get(reverse("surveys:report_runs", kwargs={"year": 2023}), {"scope": "JS2D"}).content.decode()
    assert 'aria-current="page">苏州某区关工委' in reports and "?scope=JS1D" in reports
    secretary = client_for(_user("JS1D1", Role.TOWN_SECRETARY))
    assert secretary.get(url, {"scope": "JS2D"}).status_code == 404


def test_a_report_covers_towns_of_its_round_only(rounds):
    admin = _user("JS", Role.DISTRICT_ADMIN)
    with pytest.raises(ValidationError) as exc:
        report_run_start(
            actor=admin,
            survey_round=rounds["JS1D"],
            scope=Committee.objects.get(code="JS2D"),
            formats=["json"],
            queue=False,
        )
    assert "不包括" in " ".join(exc.value.messages)


def test_a_provinces_round_after_its_districts_rounds_takes_last_years_values_of_both(rounds):
    from surveys.models import State
    from surveys.prefill import _previous

    Submission.objects.filter(survey_round__in=rounds.values(), form=2).update(state=State.APPROVED)
    province_round = _open(_user("JS", Role.DISTRICT_ADMIN), "JS", year=2024)
    fixed = _previous(province_round).fixed
    towns = set(Committee.objects.filter(pk__in={committee for form, _s, committee in fixed if form == 2}))
    assert {t.code for t in towns if t.kind == "town"} == {"JS1D1", "JS1D2", "JS2D1", "JS2D2"}
    assert not _previous(_open(_user("JS1D", Role.DISTRICT_ADMIN), "JS1D", year=2025)).fixed  # 2024's is not approved


def test_a_committee_page_shows_the_round_that_asks_all_its_towns(rounds, client_for):
    client = client_for(_user("JS", Role.DISTRICT_ADMIN))
    province, district = (Committee.objects.get(code=code) for code in ("JS", "JS2D"))
    assert "survey-panel" not in client.get(reverse("committees:detail", args=[province.pk])).content.decode()
    page = client.get(reverse("committees:detail", args=[district.pk])).content.decode()
    assert "survey-panel" in page and "/surveys/2023/completeness/?scope=JS2D" in page
