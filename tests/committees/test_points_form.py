"""The ranking page's form offers the active volunteers of the committee's subtree as options
read in one query of three columns (forms_points.VolunteerChoices), labelled as the instances
were ("name（committee）"), in the volunteers' order; the one chosen is still read whole and
checked; more volunteers cost the page no query."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.forms_points import LedgerEntryForm
from committees.models import Volunteer
from tests.committees.test_points import YEAR, member


def _as_instances(volunteers) -> list[tuple[str, str]]:
    offered = volunteers.active().select_related("person", "committee")
    return [(str(v.pk), f"{v.person.name}（{v.committee.name}）") for v in offered]


def test_it_offers_the_active_volunteers_as_the_instances_labelled_them(xs):
    member(xs.dg_v1, "<甲> & 乙")
    member(xs.dg_v2, "丙")
    gone = member(xs.dg_v1, "离开者")
    gone.exited_on, gone.exit_reason = datetime.date(YEAR, 1, 1), "迁居"
    gone.save()
    member(xs.eh_v1, "外镇")
    volunteers = Volunteer.objects.filter(committee__path__startswith=xs.dg.path)
    field = LedgerEntryForm(volunteers=volunteers).fields["volunteer"]
    with CaptureQueriesContext(connection) as captured:
        options = [(str(value), label) for value, label in field.choices][1:]
    assert len(captured) == 1
    assert options == _as_instances(volunteers)
    assert {label.split("（")[0] for _value, label in options} == {"<甲> & 乙", "丙"}


def test_a_chosen_volunteer_is_read_whole_and_one_outside_is_refused(xs):
    inside, outside = member(xs.dg_v1, "内"), member(xs.eh_v1, "外")
    volunteers = Volunteer.objects.filter(committee__path__startswith=xs.dg.path)
    data = {"volunteer": inside.pk, "points": "2", "date": f"{YEAR}-06-01", "reason": "宣讲"}
    form = LedgerEntryForm(data, volunteers=volunteers)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["volunteer"] == inside and form.cleaned_data["volunteer"].committee == xs.dg_v1
    refused = LedgerEntryForm({**data, "volunteer": outside.pk}, volunteers=volunteers)
    assert not refused.is_valid() and "volunteer" in refused.errors


def test_the_town_page_runs_as_many_queries_for_more_volunteers(xs, client_for):
    client = client_for(xs.staff)
    url = reverse("registry:points_ranking", args=[xs.dg.pk])

    def queries(n: int) -> int:
        for k in range(n):
            member(xs.dg_v1, f"五老{n}-{k}")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.context["form"] is not None
        return len(captured)

    assert queries(2) == queries(30)
