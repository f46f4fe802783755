"""The completeness page runs the same number of queries for 3 towns as for 100."""

import datetime

import pytest
from django.urls import reverse

from committees.models import Committee, Kind
from evaluations.selectors import standard_in_force
from surveys.models import State, Submission, SurveyRound, reference_date_of
from surveys.spec import FORM_NUMBERS, SPEC_VERSION

MAX_QUERIES = 9  # session, user, roles, round, counts, towns count, towns, extensions, matrix
STATES = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.APPROVED]


@pytest.fixture
def survey_round(xs):
    return SurveyRound.objects.create(
        year=2024,
        scope=xs.dg.parent,
        reference_date=reference_date_of(2024),
        opened_on=datetime.date(2024, 9, 1),
        deadline=datetime.date(2024, 10, 10),
        spec_version=SPEC_VERSION,
        fhfg_standard=standard_in_force(reference_date_of(2024)),
        opened_by=xs.admin,
    )


def add_towns(xs, survey_round, start: int, count: int) -> None:
    """`count` towns under the district, each with its five forms in mixed states."""
    towns = Committee.objects.bulk_create(
        Committee(
            code=f"T{n:03d}",
            name=f"测试镇{n}",
            kind=Kind.TOWN,
            parent=xs.district,
            path=f"{xs.district.path}T{n:03d}/",
            depth=1,
            display_order=n,
        )
        for n in range(start, start + count)
    )
    users = [xs.staff, xs.admin, xs.dg_secretary]
    Submission.objects.bulk_create(
        Submission(
            survey_round=survey_round,
            town=town,
            form=form,
            state=STATES[(i + form) % len(STATES)],
            on_time=None if (i + form) % 3 == 0 else bool(i % 2),
            updated_by=users[(i + form) % len(users)],
        )
        for i, town in enumerate(towns)
        for form in FORM_NUMBERS
    )


def load(client) -> int:
    response = client.get(reverse("surveys:completeness", kwargs={"year": 2024}))
    assert response.status_code == 200
    return len(response.context["matrix"])


@pytest.mark.parametrize("who", ["staff", "viewer"])
def test_the_page_costs_the_same_for_3_and_100_towns(
    xs, client_for, survey_round, settings, django_assert_max_num_queries, who
):
    settings.PAGE_SIZE = 500  # the whole matrix on one page
    client = client_for(getattr(xs, who))
    add_towns(xs, survey_round, 1, 3)
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        assert load(client) == 3
    add_towns(xs, survey_round, 4, 97)
    with django_assert_max_num_queries(MAX_QUERIES) as many:
        assert load(client) == 100
    assert len(many.captured_queries) == len(few.captured_queries)


def test_filters_do_not_add_queries_per_town(xs, client_for, survey_round, settings, django_assert_max_num_queries):
    settings.PAGE_SIZE = 500
    add_towns(xs, survey_round, 1, 100)
    client = client_for(xs.staff)
    url = reverse("surveys:completeness", kwargs={"year": 2024})
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url, {"state": "submitted", "late": "on", "q": "测试镇"})
    assert response.status_code == 200 and len(response.context["matrix"]) > 20


def towns_query(queries) -> str:
    """The query of the page's towns (the one ordering committees by their registry order)."""
    found = [q["sql"] for q in queries if 'ORDER BY "committees_committee"."display_order"' in q["sql"]]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("who", ["staff", "dg_secretary"])
def test_the_scope_narrows_the_towns_not_the_submissions_they_are_found_by(
    xs, client_for, survey_round, django_assert_max_num_queries, who
):
    """The round's submissions give their towns' ids without a join to the committees (a
    province's 6,500 submissions each joined to its town to test its path); the reader's scope
    narrows the towns themselves, so a town secretary still sees their town alone."""
    add_towns(xs, survey_round, 1, 3)
    Submission.objects.create(survey_round=survey_round, town=xs.dg, form=1)
    client = client_for(getattr(xs, who))
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        response = client.get(reverse("surveys:completeness", kwargs={"year": 2024}))
    towns = [town.code for town, _cells in response.context["matrix"]]
    assert towns == ([xs.dg.code] if who == "dg_secretary" else [xs.dg.code, "T001", "T002", "T003"])
    sql = towns_query(queries.captured_queries)
    inner = sql.split("IN (SELECT", 1)[1]
    assert "committees_committee" not in inner.split(")", 1)[0]
    assert 'FROM "surveys_submission" U0 WHERE' in inner


def test_the_towns_are_read_by_their_kind(xs, client_for, survey_round, django_assert_max_num_queries):
    """A round's submissions are of towns (rounds.round_open): the towns are found through their
    kind's index, not by reading the province's 31,000 committees to match 1,300 ids."""
    Submission.objects.create(survey_round=survey_round, town=xs.dg, form=1)
    client = client_for(xs.staff)
    url = reverse("surveys:completeness", kwargs={"year": 2024})
    client.get(url)  # a first request fills the caches a server's worker keeps
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        assert [town for town, _cells in client.get(url).context["matrix"]] == [xs.dg]
    outer = towns_query(queries.captured_queries).split("IN (SELECT", 1)[0]
    assert '"committees_committee"."kind" IN (' in outer


@pytest.mark.parametrize("who", ["staff", "dg_secretary"])
def test_the_counts_are_of_the_submissions_of_the_towns_in_scope(
    xs, client_for, survey_round, django_assert_max_num_queries, who
):
    """The counts read the round's submissions whose town is among the reader's towns (their
    kind's index), not each submission joined to its town to test its path; a town secretary
    still counts their town's alone."""
    add_towns(xs, survey_round, 1, 3)
    Submission.objects.create(survey_round=survey_round, town=xs.dg, form=1)
    client = client_for(getattr(xs, who))
    url = reverse("surveys:completeness", kwargs={"year": 2024})
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES) as queries:
        response = client.get(url)
    in_scope = Submission.objects.filter(survey_round=survey_round)
    if who == "dg_secretary":
        in_scope = in_scope.filter(town=xs.dg)
    assert sum(response.context["counts"][state] for state in State.values) == in_scope.count()
    counted = next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "FILTER" in q["sql"])
    outer, inner = counted.split('"town_id" IN (SELECT', 1)
    assert "committees_committee" not in outer and '"kind" IN (' in inner
