"""Results kept until their tables change (committees.kept): a list's count, the tree's numbers,
the points page's probe and the completeness page's counts are read once and given again while
their tables' write counts (moved by triggers on each tracked table) read the same. These tests
commit (transactional_db): inside a transaction nothing is kept."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from committees import counting, kept
from committees.models import Job, Person, TableChange, Volunteer
from committees.selectors.tree import committee_tree
from tests.committees.test_points import member

# The committees tables that are not the registry: the jobs' progress and the audit log change
# with every job and sign-in, and the counter itself.
NOT_REGISTRY = {"committees_job", "committees_auditevent", TableChange._meta.db_table}
REGISTRY = {Person._meta.db_table, Volunteer._meta.db_table, "committees_committee"}


def _counted(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(*) FROM (" in q["sql"]]


def _triggers_on(table: str) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [table])
        else:
            cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
        return cursor.fetchone()[0]


def test_every_registry_table_is_tracked_and_has_its_triggers(transactional_db):
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("committees").get_models(include_auto_created=True)
        if not model.__name__.startswith("Historical")
    }
    assert kept.NOT_REGISTRY == NOT_REGISTRY
    assert tables - NOT_REGISTRY <= kept.tracked()
    assert all(_triggers_on(table) for table in kept.tracked())  # the other apps' too
    assert not any(_triggers_on(table) for table in NOT_REGISTRY)


def test_a_count_is_read_once_until_the_registry_changes(transactional_db, xs):
    for n in range(3):
        member(xs.dg_v1, f"保留{n}")
    volunteers = Volunteer.objects.filter(committee__path__startswith=xs.dg.path)
    assert counting.count_at_most(volunteers, 100) == 3
    with CaptureQueriesContext(connection) as queries:
        assert counting.count_at_most(volunteers, 100) == 3
    assert not _counted(queries) and len(queries) == 1  # the counter only
    member(xs.dg_v2, "新来的")
    with CaptureQueriesContext(connection) as queries:
        assert counting.count_at_most(volunteers, 100) == 4
    assert len(_counted(queries)) == 1


def test_any_kind_of_write_moves_the_counter(transactional_db, xs):
    volunteer = member(xs.dg_v1, "写入")
    seen = [kept.version(REGISTRY)]

    def moved() -> bool:
        seen.append(kept.version(REGISTRY))
        return seen[-1] != seen[-2]

    volunteer.layer = "backbone"
    volunteer.save()
    assert moved()
    Person.objects.bulk_create([Person(name="批量", birth_year=1950)])
    assert moved()
    Person.objects.filter(name="批量").update(notes="改")
    assert moved()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Person._meta.db_table} WHERE name = %s", ["批量"])
    assert moved()
    volunteer.committee.name = "改名村"
    volunteer.committee.save()
    assert moved()
    Job.objects.create(kind="test", committee=xs.district)  # not the registry
    assert not moved()
    Volunteer.objects.filter(pk=volunteer.pk).update(layer="participant")  # another table than these
    assert moved() and kept.version([Person._meta.db_table]) == kept.version([Person._meta.db_table])


def test_nothing_is_kept_inside_a_transaction_and_a_rollback_leaves_no_trace(transactional_db, xs):
    member(xs.dg_v1, "甲")
    volunteers = Volunteer.objects.all()
    before = counting.count_at_most(volunteers, 100)
    with pytest.raises(RuntimeError), transaction.atomic():
        member(xs.dg_v1, "乙")
        with CaptureQueriesContext(connection) as queries:
            assert counting.count_at_most(volunteers, 100) == before + 1
            assert counting.count_at_most(volunteers, 100) == before + 1
        assert len(_counted(queries)) == 2  # counted each time, nothing kept
        raise RuntimeError("undone")
    assert counting.count_at_most(volunteers, 100) == before
    member(xs.dg_v1, "丙")  # the same number of writes as the undone transaction's
    assert counting.count_at_most(volunteers, 100) == before + 1 == Volunteer.objects.count()


def test_a_query_reading_another_table_is_run_each_time(transactional_db, xs):
    sql = f"SELECT COUNT(*) FROM {Volunteer._meta.db_table} v JOIN auth_user u ON u.id = v.id"
    assert "auth_user" in kept.tables_of(sql) and "auth_user" not in kept.tracked()
    kept.row(sql, [])
    with CaptureQueriesContext(connection) as queries:
        kept.row(sql, [])
    assert [q["sql"] for q in queries.captured_queries] == [sql]


def test_the_tables_of_a_statement_are_found_in_its_subqueries_too():
    sql = (
        'SELECT COUNT(*) FROM (SELECT "committees_volunteer"."id" FROM "committees_volunteer" '
        'INNER JOIN "committees_committee" ON (1=1) WHERE EXISTS(SELECT 1 FROM "auth_user" U0)) counted'
    )
    assert kept.tables_of(sql) == {"committees_volunteer", "committees_committee", "auth_user"}


def test_the_tree_is_read_again_once_a_committee_opens(transactional_db, xs):
    from committees.models import Committee, Kind

    readable = Committee.objects.all()
    first = committee_tree(readable, [xs.district])
    with CaptureQueriesContext(connection) as queries:
        again = committee_tree(readable, [xs.district])
    assert len(queries) == 2  # the counter, twice: the numbers and the rows kept
    assert again.by_kind == first.by_kind
    Committee.objects.create(code="XS01099", name="新村", kind=Kind.VILLAGE, parent=xs.dg)
    after = committee_tree(readable, [xs.district])
    assert after.by_kind[Kind.VILLAGE] == first.by_kind[Kind.VILLAGE] + 1


def test_a_write_to_one_table_keeps_the_results_of_the_others(transactional_db, xs):
    member(xs.dg_v1, "丁")
    people = Person.objects.all()
    counting.count_at_most(people, 100)
    Job.objects.create(kind="test", committee=xs.district)
    Volunteer.objects.update(layer="backbone")  # volunteers, not people
    with CaptureQueriesContext(connection) as queries:
        assert counting.count_at_most(people, 100) == Person.objects.count()
    assert not _counted(queries)


def test_the_completeness_counts_follow_the_submissions(transactional_db, xs):
    from surveys.models import Submission
    from surveys.selectors import state_counts
    from tests.surveys.conftest import open_round

    survey_round = open_round(xs, 2024)
    submissions = Submission.objects.filter(survey_round=survey_round)
    today = survey_round.deadline
    first = state_counts(submissions, today=today, towns=True)
    plain = submissions.aggregate(total=Count("pk"), towns=Count("town", distinct=True), draft=Count("pk"))
    assert (first["total"], first["towns"], first["draft"]) == (plain["total"], plain["towns"], plain["draft"])
    assert first["total"] > 0
    with CaptureQueriesContext(connection) as queries:
        assert state_counts(submissions, today=today, towns=True) == first
    assert len(queries) == 1 and kept.COUNTER in queries[0]["sql"]  # the counts only
    submissions.filter(pk=submissions.first().pk).update(state="submitted")
    after = state_counts(submissions, today=today, towns=True)
    assert after["submitted"] == first["submitted"] + 1
    assert state_counts(submissions.none(), today=today)["total"] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL adds a counter row a write statement")
def test_the_counter_rows_are_folded_and_keep_their_sums(transactional_db, xs):
    table = Person._meta.db_table
    for n in range(kept.FOLD_PAST + 5):
        Person.objects.create(name=f"折叠{n}", birth_year=1950)
    rows = TableChange.objects.filter(table=table)
    total = sum(rows.values_list("weight", flat=True))
    assert rows.count() > kept.FOLD_PAST
    ((_table, counted, _last),) = kept.version([table])
    assert counted == total and rows.count() == 1
