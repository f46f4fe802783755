"""committees.selectors.history_changes: each record with what it changed against the one before."""

from committees.selectors import history_changes
from tests.factories import CommitteeFactory


def test_it_gives_nothing_for_no_records():
    assert history_changes([]) == []


def test_the_first_record_has_no_changes_and_a_later_one_names_them(db):
    committee = CommitteeFactory(code="XS", name="锡山区关工委", kind="district")
    committee.address = "锡山区人民政府"
    committee.save()
    records = list(committee.history.order_by("-history_date", "-history_id"))

    rows = history_changes(records)

    assert [r["record"].history_type for r in rows] == ["~", "+"]
    assert [(c["old"], c["new"]) for c in rows[0]["changes"]] == [("", "锡山区人民政府")]
    assert rows[1]["changes"] == []
