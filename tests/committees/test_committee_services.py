import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees import services
from committees.models import Committee, Kind, Role
from tests.factories import CommitteeFactory, RoleFactory


def test_it_builds_the_path_from_the_codes(xs):
    assert xs.dg_v1.path == "/XS/XS01/XS01V01/"
    assert xs.dg_v1.depth == 2
    assert xs.district.depth == 0


def test_a_subtree_is_one_query(xs):
    with CaptureQueriesContext(connection) as queries:
        codes = set(Committee.objects.subtree_of(xs.dg).values_list("code", flat=True))
    assert len(queries) == 1
    assert codes == {"XS01", "XS01V01", "XS01V02", "XS01S01"}


def test_moving_a_committee_moves_its_whole_subtree(xs):
    town = services.committee_create(actor=xs.admin, parent=xs.district, code="XS10", name="新镇关工委", kind=Kind.TOWN)
    village = services.committee_create(
        actor=xs.admin, parent=town, code="XS10V01", name="新村关工委", kind=Kind.VILLAGE
    )
    services.committee_move(actor=xs.admin, committee=village, new_parent=xs.eh)
    village.refresh_from_db()
    assert village.path == "/XS/XS03/XS10V01/"
    assert village.parent == xs.eh


def test_moving_updates_the_paths_below(xs):
    line = services.committee_create(
        actor=xs.admin, parent=xs.district, code="XSL01", name="区民营经济关工委", kind=Kind.LINE
    )
    enterprise = services.committee_create(
        actor=xs.admin, parent=xs.dg, code="XS01E001", name="企业关工委", kind=Kind.ENTERPRISE
    )
    services.committee_move(actor=xs.admin, committee=enterprise, new_parent=line)
    enterprise.refresh_from_db()
    assert enterprise.path == "/XS/XSL01/XS01E001/"
    assert enterprise.depth == 2


def test_a_committee_cannot_be_moved_under_its_own_subtree(xs):
    with pytest.raises(ValidationError):
        services.committee_move(actor=xs.admin, committee=xs.dg, new_parent=xs.dg_v1)
    xs.dg.refresh_from_db()
    assert xs.dg.parent == xs.district


@pytest.mark.parametrize(
    ("parent", "kind"),
    [
        ("dg_school", Kind.VILLAGE),
        ("dg_v1", Kind.VILLAGE),
        ("district", Kind.VILLAGE),
        ("dg", Kind.TOWN),
        ("dg", Kind.DISTRICT),
    ],
)
def test_kinds_are_validated_against_the_parent(xs, parent, kind):
    with pytest.raises(ValidationError) as error:
        services.committee_create(actor=xs.admin, parent=getattr(xs, parent), code="BAD1", name="错误", kind=kind)
    assert "parent" in error.value.message_dict
    assert not Committee.objects.filter(code="BAD1").exists()


def test_a_duplicate_code_is_refused(xs):
    with pytest.raises(ValidationError) as error:
        services.committee_create(actor=xs.admin, parent=xs.dg, code="XS01V01", name="重复", kind=Kind.VILLAGE)
    assert "code" in error.value.message_dict
    assert Committee.objects.filter(code="XS01V01").count() == 1


def test_closing_a_town_with_open_children_is_refused(xs):
    with pytest.raises(ValidationError):
        services.committee_close(actor=xs.admin, committee=xs.dg, closed_on=datetime.date(2024, 6, 30))
    xs.dg.refresh_from_db()
    assert xs.dg.closed_on is None


def test_closing_keeps_the_history_and_ends_the_roles(xs):
    role = RoleFactory(user=xs.viewer, committee=xs.dg_v1, role=Role.VIEWER)
    services.committee_close(actor=xs.admin, committee=xs.dg_v1, closed_on=datetime.date(2024, 6, 30))
    xs.dg_v1.refresh_from_db()
    role.refresh_from_db()
    assert xs.dg_v1.closed_on == datetime.date(2024, 6, 30)
    assert role.ended_at is not None
    assert xs.dg_v1.history.first().closed_on == datetime.date(2024, 6, 30)
    assert xs.dg_v1.history.count() >= 2


def test_a_closed_committee_takes_no_children(xs):
    services.committee_close(actor=xs.admin, committee=xs.dg_school, closed_on=datetime.date(2024, 6, 30))
    services.committee_close(actor=xs.admin, committee=xs.dg_v1, closed_on=datetime.date(2024, 6, 30))
    services.committee_close(actor=xs.admin, committee=xs.dg_v2, closed_on=datetime.date(2024, 6, 30))
    services.committee_close(actor=xs.admin, committee=xs.dg, closed_on=datetime.date(2024, 6, 30))
    with pytest.raises(ValidationError):
        services.committee_create(actor=xs.admin, parent=xs.dg, code="XS01V09", name="新村", kind=Kind.VILLAGE)


def test_deleting_a_committee_with_data_is_refused(xs):
    with pytest.raises(ValidationError):
        services.committee_delete(actor=xs.admin, committee=xs.dg)
    assert Committee.objects.filter(pk=xs.dg.pk).exists()
    assert Committee.objects.filter(parent=xs.dg).count() == 3


def test_deleting_an_empty_committee_works(xs):
    mistake = CommitteeFactory(code="XS01V99", name="误建村", kind=Kind.VILLAGE, parent=xs.dg)
    services.committee_delete(actor=xs.admin, committee=mistake)
    assert not Committee.objects.filter(code="XS01V99").exists()


def test_details_update_keeps_code_and_place(xs):
    services.committee_update_details(
        actor=xs.admin, committee=xs.dg_v1, data={"name": "东港村新名", "phone": "0510-1"}
    )
    xs.dg_v1.refresh_from_db()
    assert (xs.dg_v1.name, xs.dg_v1.code, xs.dg_v1.parent_id) == ("东港村新名", "XS01V01", xs.dg.pk)
    with pytest.raises(ValidationError):
        services.committee_update_details(actor=xs.admin, committee=xs.dg_v1, data={"code": "X"})
