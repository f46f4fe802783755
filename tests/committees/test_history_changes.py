"""committees.selectors.history_changes: each record with what it changed against the one before."""

from committees.selectors import history_changes
from tests.factories import CommitteeFactory, PersonFactory


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


def test_a_persons_phone_and_id_number_are_masked_unless_revealed(db):
    person = PersonFactory(phone="13921358261")
    person.phone, person.id_number, person.birth_year = "13711112222", "320205195501011234", 1956
    person.save()
    records = list(person.history.order_by("-history_date", "-history_id"))

    masked = {str(c["field"]): (c["old"], c["new"]) for c in history_changes(records)[0]["changes"]}
    shown = {str(c["field"]): (c["old"], c["new"]) for c in history_changes(records, reveal=True)[0]["changes"]}

    assert masked == {"联系电话": ("139****8261", "137****2222"), "身份证号": ("", "3202**********1234"),
                      "出生年份": (1955, 1956)}  # fmt: skip
    assert shown["联系电话"] == ("13921358261", "13711112222") and shown["身份证号"] == ("", "320205195501011234")
