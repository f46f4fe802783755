"""The list pages run as many queries whatever the size of the tree: each page of the load test's
mix (surveys/bench_pages.py), opened by the province's admin in two synthetic provinces of
different sizes (load_synthetic), runs the same number of queries in both."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from surveys.bench_pages import page_mix
from surveys.synthetic_province import synthetic_province_create

SMALL = {"districts": 1, "towns_per_district": 2, "villages_per_town": 2, "five_olds_per_village": 2}
LARGER = {"districts": 3, "towns_per_district": 3, "villages_per_town": 5, "five_olds_per_village": 4}


class _Undo(Exception):
    pass


def _counts(client, sizes: dict) -> dict[str, tuple[int, int]]:
    """(status, queries) of each page of the mix in a province of `sizes`, then undone."""
    found = {}
    try:
        with transaction.atomic():
            synthetic_province_create(**sizes, seed=3)
            client.force_login(get_user_model().objects.get(username="sp-admin"))
            for page in page_mix():
                client.get(page.url)  # the first request fills what a server's worker caches
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(page.url)
                found[page.name] = (response.status_code, len(queries))
            raise _Undo
    except _Undo:
        pass
    return found


@pytest.mark.django_db
def test_every_page_of_the_mix_runs_as_many_queries_in_a_larger_province(client):
    small, larger = _counts(client, SMALL), _counts(client, LARGER)
    assert set(small) == set(larger) and len(small) >= 12
    assert {name: status for name, (status, _n) in larger.items()} == dict.fromkeys(larger, 200)
    assert {name: n for name, (_s, n) in larger.items()} == {name: n for name, (_s, n) in small.items()}
