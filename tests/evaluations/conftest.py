"""The evaluations tests' shared fixtures."""

import pytest

from evaluations.models import AwardCategory, AwardScheme


@pytest.fixture
def scheme(xs):
    """An award scheme of three categories: stations (no points), a contribution award (5) and
    individuals (3). A test module may define a scheme of its own."""
    scheme = AwardScheme.objects.create(name="校外教育辅导站工作先进评选")
    for order, (name, kind, points) in enumerate(
        (("优秀辅导站", "station", None), ("突出贡献奖", "committee_or_person", 5), ("先进个人", "person", 3)), 1
    ):
        AwardCategory.objects.create(scheme=scheme, order=order, name=name, awardee_kind=kind, points=points)
    return scheme
