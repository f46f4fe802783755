"""The lists' committee picker: every open committee in scope but the enterprises; past
PICKER_AT_MOST (a city) only the towns and the levels above them; past it still (a province's
1,300 towns) only the levels above the towns."""

from committees import scoping
from committees.selectors import registry
from committees.selectors.registry import committee_choices


def test_a_district_is_offered_whole_but_its_enterprises(xs):
    codes = [row.code for row in committee_choices(scoping.committees_for(xs.staff))]
    assert codes == ["XS", "XS01", "XS01S01", "XS01V01", "XS01V02", "XS03", "XS03V01", "XS03V02"]
    assert [row.name for row in committee_choices(scoping.committees_for(xs.dg_secretary))][0] == "东港镇关工委"


def test_past_the_limit_only_the_towns_and_above_are_offered(xs, monkeypatch):
    monkeypatch.setattr(registry, "PICKER_AT_MOST", 5)
    rows = committee_choices(scoping.committees_for(xs.staff))
    assert [(row.code, row.name) for row in rows] == [
        ("XS", "锡山区关工委"),
        ("XS01", "东港镇关工委"),
        ("XS03", "鹅湖镇关工委"),
    ]
    # A town secretary's 4 committees are under the limit: their town's villages and school stay.
    assert len(committee_choices(scoping.committees_for(xs.dg_secretary))) == 4


def test_past_the_limit_with_the_towns_only_the_levels_above_them_are_offered(xs, monkeypatch):
    monkeypatch.setattr(registry, "PICKER_AT_MOST", 2)
    assert [(row.code, row.name) for row in committee_choices(scoping.committees_for(xs.staff))] == [
        ("XS", "锡山区关工委")
    ]


def test_a_district_is_read_in_one_query_and_past_the_limit_only_the_level_offered_is_read(
    xs, monkeypatch, django_assert_num_queries
):
    readable = scoping.committees_for(xs.staff)
    with django_assert_num_queries(1):
        committee_choices(readable)
    monkeypatch.setattr(registry, "PICKER_AT_MOST", 2)
    with django_assert_num_queries(3) as queries:  # the first try, the levels above counted, the one read
        rows = committee_choices(readable)
    assert [row.code for row in rows] == ["XS"]
    counted, read = queries.captured_queries[1]["sql"], queries.captured_queries[2]["sql"]
    assert counted.count("SELECT COUNT(*)") == 2 and "LIMIT 3" in counted
    assert "'town'" not in read.split("WHERE", 1)[1] and "LIMIT 2" in read
