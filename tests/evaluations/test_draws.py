"""Spot-check draws: the pure draw (evaluations.draws), the frame, storing and drawing again
(evaluations.draw_services)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from committees.models import Kind
from evaluations import draws
from evaluations.draw_services import draw_make, draw_reproduce, frame_build
from evaluations.models import FhfgStandard, ItemResult, ReviewKind, ReviewResult, SpotCheckDraw
from evaluations.selectors import standard_items
from evaluations.services import record_review
from tests.factories import CommitteeFactory

YEAR = datetime.date.today().year


def frame(towns: int, villages: int, open_ids=()) -> list[dict]:
    return [
        {"id": t * 100 + v, "town_code": f"T{t}", "open": t * 100 + v in open_ids}
        for t in range(1, towns + 1)
        for v in range(1, villages + 1)
    ]


def test_the_same_seed_and_parameters_draw_the_same_villages():
    parameters = draws.Parameters(method="count", amount=3)
    big = frame(9, 15)
    assert draws.draw(big, parameters, 20240520) == draws.draw(list(big), parameters, 20240520)
    assert draws.draw(big, parameters, 20240520) != draws.draw(big, parameters, 20240521)


def test_each_town_is_drawn_on_its_own_and_its_size_is_rounded_up():
    picks = draws.draw(frame(3, 10), draws.Parameters(method="share", amount=25), 7)
    per_town = {town: sum(1 for pk in picks if pk // 100 == town) for town in (1, 2, 3)}
    assert per_town == {1: 3, 2: 3, 3: 3}  # ceil(10 × 25%)
    # A town's draw depends on its own candidates only: drop town 3, towns 1 and 2 keep theirs.
    again = draws.draw(frame(2, 10), draws.Parameters(method="share", amount=25), 7)
    assert again == [pk for pk in picks if pk // 100 in (1, 2)]
    assert draws.town_size(2, draws.Parameters(method="count", amount=5)) == 2


def test_villages_with_open_rectifications_are_always_picked_and_count_towards_the_size():
    candidates = frame(1, 10, open_ids={103, 108})
    for seed in range(20):
        picks = draws.draw(candidates, draws.Parameters(method="count", amount=3), seed)
        assert {103, 108} <= set(picks) and len(picks) == 3
    without = draws.draw(candidates, draws.Parameters(method="count", amount=1, include_open=False), 1)
    assert len(without) == 1


@pytest.fixture
def many(xs):
    """Twelve more villages in 东港镇 (fourteen in all)."""
    return [
        CommitteeFactory(code=f"XS01V{n:02d}", name=f"东港{n}村关工委", kind=Kind.VILLAGE, parent=xs.dg)
        for n in range(3, 15)
    ]


def _check(xs, village, day, result=ReviewResult.CONSOLIDATED, **extra):
    standard = FhfgStandard.objects.order_by("-effective_from").first()
    results = {item.pk: ItemResult.MET for item in standard_items(standard)}
    if result == ReviewResult.REGRESSED:
        results[next(iter(results))] = ItemResult.NOT_MET
    return record_review(
        actor=xs.staff,
        committee=village,
        kind=ReviewKind.SPOT_CHECK,
        day=day,
        standard=standard,
        results=results,
        result=result,
        **extra,
    )


def test_the_frame_leaves_out_recent_checks_but_keeps_open_rectifications(xs, many):
    _check(xs, xs.dg_v1, datetime.date(YEAR - 1, 5, 1))
    _check(xs, many[0], datetime.date(YEAR - 1, 5, 1), ReviewResult.REGRESSED)
    _check(xs, many[1], datetime.date(YEAR - 3, 5, 1))
    codes = [v["code"] for v in frame_build(xs.dg, YEAR, exclude_years=1)]
    assert "XS01V01" not in codes and "XS01V03" in codes and "XS01V04" in codes
    assert codes == sorted(codes)  # the tree's order
    assert len(frame_build(xs.dg, YEAR, exclude_years=None)) == 14
    assert [v["code"] for v in frame_build(xs.dg, YEAR, exclude_years=None) if v["open"]] == ["XS01V03"]


def test_a_stored_draw_shows_its_parameters_and_draws_again_the_same_after_reviews(xs, many, client_for):
    draw = draw_make(actor=xs.dg_secretary, committee=xs.dg, year=YEAR, method="count", amount=4, exclude_years=2)
    assert len(draw.picks) == 4 and len(draw.frame) == 14 and draw.seed >= 0
    same = draw_make(
        actor=xs.dg_secretary, committee=xs.dg, year=YEAR, method="count", amount=4, exclude_years=2, seed=draw.seed
    )
    assert same.picks == draw.picks
    check = draw_reproduce(draw)
    assert check.same_picks and check.same_frame
    # Its own spot checks make the picked villages ineligible today: the frame changes, the draw holds.
    picked = [v for v in many + [xs.dg_v1, xs.dg_v2] if v.pk in draw.picks]
    for village in picked[:2]:
        _check(xs, village, datetime.date(YEAR, 1, 2), draw=draw)
    check = draw_reproduce(SpotCheckDraw.objects.get(pk=draw.pk))
    assert check.same_picks and not check.same_frame
    page = client_for(xs.dg_secretary).get(f"/evaluations/draws/{draw.pk}/").content.decode()
    assert str(draw.seed) in page and 'id="frame-size">14<' in page and "可以重现" in page


def test_a_draw_is_refused_without_candidates_or_with_a_share_over_100(xs):
    with pytest.raises(ValidationError):
        draw_make(actor=xs.staff, committee=xs.dg, year=YEAR, method="share", amount=101)
    for village in (xs.dg_v1, xs.dg_v2):
        _check(xs, village, datetime.date(YEAR, 1, 2))
    with pytest.raises(ValidationError):
        draw_make(actor=xs.staff, committee=xs.dg, year=YEAR, method="count", amount=1, exclude_years=0)
    assert not SpotCheckDraw.objects.exists()


def test_the_list_shows_the_readers_draws_in_a_bounded_number_of_queries(
    xs, many, client_for, django_assert_max_num_queries
):
    for seed in range(5):
        draw_make(actor=xs.staff, committee=xs.dg, year=YEAR, method="count", amount=2, seed=seed)
    draw_make(actor=xs.staff, committee=xs.eh, year=YEAR, method="count", amount=1, seed=1)
    client = client_for(xs.dg_secretary)
    with django_assert_max_num_queries(12):
        page = client.get("/evaluations/draws/").content.decode()
    assert page.count("东港镇关工委</td>") == 5 and "鹅湖镇关工委</td>" not in page
    staff = client_for(xs.staff).get("/evaluations/draws/").content.decode()
    assert "鹅湖镇关工委</td>" in staff and "新建抽取" in staff
    assert "新建抽取" not in client_for(xs.viewer).get("/evaluations/draws/").content.decode()
