"""Who may change a person: a user who may write every committee where the person serves."""

from committees.scoping import may_change_person, people_changeable_by
from tests.factories import PersonFactory, PostFactory, VolunteerFactory


def test_a_secretary_changes_a_person_serving_only_in_their_town(xs):
    person = PersonFactory()
    VolunteerFactory(person=person, committee=xs.dg_v1)
    assert may_change_person(xs.dg_secretary, person)
    assert not may_change_person(xs.eh_secretary, person)
    assert not may_change_person(xs.viewer, person)


def test_a_person_serving_in_two_towns_is_changed_only_from_above_both(xs):
    person = PersonFactory()
    VolunteerFactory(person=person, committee=xs.dg_v1)
    PostFactory(person=person, committee=xs.eh_v1)
    assert people_changeable_by(xs.dg_secretary, [person.pk]) == set()
    assert people_changeable_by(xs.eh_secretary, [person.pk]) == set()
    assert people_changeable_by(xs.admin, [person.pk]) == {person.pk}


def test_an_ended_membership_no_longer_counts(xs):
    import datetime

    person = PersonFactory()
    VolunteerFactory(person=person, committee=xs.dg_v1)
    VolunteerFactory(person=person, committee=xs.eh_v1, exited_on=datetime.date(2024, 1, 1))
    assert may_change_person(xs.dg_secretary, person)
