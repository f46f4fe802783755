"""The demo copied back (tests/demo_snapshot.py) is the demo loaded, ids included, whatever the
test wrote before in the same transaction."""

from django.contrib.auth import get_user_model

from committees.models import Committee, RoleAssignment
from tests.demo_snapshot import load_demo_once
from tests.factories import CommitteeFactory, RoleFactory, UserFactory


def counts() -> dict[str, int]:
    return {
        "committees": Committee.objects.count(),
        "history": Committee.history.count(),
        "roles": RoleAssignment.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_the_copy_comes_back_over_rows_written_in_the_same_transaction(db):
    load_demo_once()
    loaded, ids = counts(), set(Committee.objects.values_list("pk", flat=True))
    town = CommitteeFactory(parent=Committee.objects.get(code="XS"), code="XS99", name="新镇关工委")
    RoleFactory(user=UserFactory(username="writer"), committee=town)  # rows whose keys are checked at commit
    load_demo_once()
    assert counts() == loaded and loaded["committees"] == 584
    assert set(Committee.objects.values_list("pk", flat=True)) == ids
    assert not get_user_model().objects.filter(username="writer").exists()
